using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Accounts;

/// <summary>The registration of the Accounts area: <see cref="AddHavenAccounts"/>.</summary>
internal static class AccountsServiceCollectionExtensions
{
    /// <summary>Registers responders: the Argon2 gate (<c>Haven:Argon2</c>, validated at start-up), login, invitations, passphrase changes, disabling.</summary>
    public static IServiceCollection AddHavenAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Argon2Options>().Bind(configuration.GetSection("Haven:Argon2")).Validate(o => o.MaxConcurrent >= 1 && o.DeskConcurrent >= 1 && o.MaxQueue >= 0 && o.MaxWait >= TimeSpan.Zero, "Haven:Argon2: MaxConcurrent and DeskConcurrent must be at least 1, MaxQueue and MaxWait not negative.").ValidateOnStart();
        services.AddSingleton<Argon2Gate>();
        services.AddSingleton<LoginCommand>();
        services.AddOptions<InvitationOptions>().BindConfiguration("Haven:Invitations")
            .Validate(o => o.Lifetime > TimeSpan.Zero && o.Lifetime <= TimeSpan.FromDays(30), "Haven:Invitations:Lifetime must be positive and at most 30 days.")
            .ValidateOnStart();
        services.AddSingleton<CreateInvitationCommand>();
        services.AddSingleton<InvitationEnrolments>();
        services.AddSingleton<ResponderListQuery>();
        services.AddSingleton<SetResponderActiveCommand>();
        services.AddSingleton<GrantAllCasesCommand>();
        services.AddSingleton<ChangePassphraseCommand>();
        return services;
    }
}
