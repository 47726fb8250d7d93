using Haven.Abuse;
using Haven.Accounts;
using Haven.Cases;
using Haven.Files;
using Haven.Instance;
using Haven.Intake;
using Haven.Retention;
using Haven.Storage;
using Haven.TeamTexts;
using Haven.Workflow;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Haven;

internal static class CoreServiceCollectionExtensions
{
    /// <summary>Registers storage, instance keys and the intake and desk commands.</summary>
    public static IServiceCollection AddHavenCore(this IServiceCollection services, DataDirectory data, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHavenStorage(data);
        services.AddSingleton<InstanceState>();

        services.AddOptions<Argon2Options>().Bind(configuration.GetSection("Haven:Argon2")).Validate(o => o.MaxConcurrent >= 1 && o.DeskConcurrent >= 1 && o.MaxQueue >= 0 && o.MaxWait >= TimeSpan.Zero, "Haven:Argon2: MaxConcurrent and DeskConcurrent must be at least 1, MaxQueue and MaxWait not negative.").ValidateOnStart();
        services.AddSingleton<Argon2Gate>();
        services.AddOptions<IntakeOptions>().Bind(configuration.GetSection("Haven:Intake")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReceiptThrottleOptions>().Bind(configuration.GetSection("Haven:Throttle:Receipts"))
            .Validate(o => o.IsValid, "Haven:Throttle:Receipts: AttemptsPerMinute must be at least 1, MaxWait between 0 and 00:01:00.").ValidateOnStart();
        services.AddOptions<LoginThrottleOptions>().Bind(configuration.GetSection("Haven:Throttle:Logins"))
            .Validate(o => o.IsValid, "Haven:Throttle:Logins: FailuresPerWindow and AttemptsPerMinute must be at least 1, Window and DeviceLifetime more than zero, MaxWait between 0 and 00:01:00.").ValidateOnStart();
        services.AddSingleton<ReceiptThrottle>();
        services.AddSingleton<LoginThrottle>();
        services.AddOptions<SubmissionThrottleOptions>().Bind(configuration.GetSection("Haven:Throttle:Submissions"))
            .Validate(o => o.IsValid, "Haven:Throttle:Submissions: every limit must be at least 1.").ValidateOnStart();
        services.AddSingleton(sp => new SubmissionThrottle(sp.GetRequiredService<IOptions<SubmissionThrottleOptions>>().Value));

        services.AddSingleton<CreateReceiptCommand>();
        services.AddSingleton<OpenReceiptCommand>();
        services.AddSingleton<SubmitRequestCommand>();
        services.AddSingleton<MessageWriter>();
        services.AddSingleton<SendMessageCommand>();
        services.AddSingleton<SourceConversationQuery>();

        services.AddSingleton<LoginCommand>();
        services.AddSingleton<InboxQuery>();
        services.AddSingleton<CaseQuery>();
        services.AddSingleton<ReplyCommand>();
        services.AddSingleton<Audit.AuditLog>();
        services.AddSingleton<GrantCaseCommand>();
        services.AddSingleton<RevokeCaseCommand>();
        services.AddSingleton<AssignCaseCommand>();
        services.AddSingleton<CaseHoldersQuery>();
        services.AddHavenWorkflow();
        services.AddHavenAccounts();
        services.AddHavenRetention(configuration);
        services.AddHavenFiles(configuration);
        services.AddHavenTeamTexts();
        return services;
    }
}
