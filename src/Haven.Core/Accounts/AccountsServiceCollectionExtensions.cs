using Haven.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Accounts;

internal static class AccountsServiceCollectionExtensions
{
    /// <summary>Registers responder administration: invitations, passphrase changes, disabling, audit views.</summary>
    public static IServiceCollection AddHavenAccounts(this IServiceCollection services)
    {
        services.AddOptions<InvitationOptions>().BindConfiguration("Haven:Invitations")
            .Validate(o => o.Lifetime > TimeSpan.Zero && o.Lifetime <= TimeSpan.FromDays(30), "Haven:Invitations:Lifetime must be positive and at most 30 days.")
            .ValidateOnStart();
        services.AddSingleton<CreateInvitationCommand>();
        services.AddSingleton<InvitationEnrolments>();
        services.AddSingleton<ResponderListQuery>();
        services.AddSingleton<SetResponderActiveCommand>();
        services.AddSingleton<GrantAllCasesCommand>();
        services.AddSingleton<ChangePassphraseCommand>();
        services.AddSingleton<AuditPageQuery>();
        services.AddSingleton<AuditChainCheck>();
        return services;
    }
}
