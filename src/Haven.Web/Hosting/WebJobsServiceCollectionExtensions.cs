using Haven.Alerts;
using Haven.Retention;

namespace Haven.Web.Hosting;

internal static class WebJobsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the web host's background jobs: the retention purge, at start and every <c>Haven:Retention:Interval</c>;
    /// the mail outbox's sender; the responders' alerts (<see cref="AlertJob"/>), every minute, with their words from
    /// the site's resources.
    /// </summary>
    public static IServiceCollection AddHavenJobs(this IServiceCollection services, IConfiguration configuration)
    {
        // One instance, reachable both as a hosted service and by its type (so that it can be observed).
        services.AddSingleton<RetentionJob>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionJob>());

        // The mail outbox's sender (issue 18): does nothing while Haven:Mail:Host is empty.
        services.AddSingleton<Mail.OutboxSender>();
        services.AddHostedService(sp => sp.GetRequiredService<Mail.OutboxSender>());

        // Responders' alerts (issue 18, point 7): they go out through the outbox.
        services.AddSingleton<IAlertText, Alerts.AlertText>();
        services.AddSingleton<AlertJob>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertJob>());
        return services;
    }
}
