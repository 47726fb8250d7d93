using Haven.Instance;
using Haven.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Abuse;

/// <summary>The registration of the Abuse area: <see cref="AddHavenAbuse"/>.</summary>
internal static class AbuseServiceCollectionExtensions
{
    /// <summary>
    /// Registers the throttles of receipts, logins and submissions, with their limits (<c>Haven:Throttle</c>, validated
    /// at start-up), over one <see cref="IThrottleStore"/>: in memory on SQLite (one process), in the database on
    /// PostgreSQL (every web node shares the buckets).
    /// </summary>
    public static IServiceCollection AddHavenAbuse(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IThrottleStore>(sp => sp.GetRequiredService<DataDirectory>().IsSqlite
            ? new MemoryThrottleStore()
            : new PostgresThrottleStore(sp.GetRequiredService<DataDirectory>(), sp.GetRequiredService<InstanceState>()));
        services.AddOptions<ReceiptThrottleOptions>().Bind(configuration.GetSection("Haven:Throttle:Receipts"))
            .Validate(o => o.IsValid, "Haven:Throttle:Receipts: AttemptsPerMinute must be at least 1, MaxWait between 0 and 00:01:00.").ValidateOnStart();
        services.AddOptions<LoginThrottleOptions>().Bind(configuration.GetSection("Haven:Throttle:Logins"))
            .Validate(o => o.IsValid, "Haven:Throttle:Logins: FailuresPerWindow and AttemptsPerMinute must be at least 1, Window and DeviceLifetime more than zero, MaxWait between 0 and 00:01:00.").ValidateOnStart();
        services.AddSingleton<ReceiptThrottle>();
        services.AddSingleton<LoginThrottle>();
        services.AddOptions<SubmissionThrottleOptions>().Bind(configuration.GetSection("Haven:Throttle:Submissions"))
            .Validate(o => o.IsValid, "Haven:Throttle:Submissions: every limit must be at least 1.").ValidateOnStart();
        services.AddSingleton<SubmissionThrottle>();
        return services;
    }
}
