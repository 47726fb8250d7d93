using Haven.Alerts;
using Haven.Retention;

namespace Haven.Web.Hosting;

internal static class WebJobsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the web host's background jobs: the retention purge, at start and every <c>Haven:Retention:Interval</c>;
    /// the responders' alerts (<see cref="AlertJob"/>), every minute, with their words from the site's resources.
    /// </summary>
    public static IServiceCollection AddHavenJobs(this IServiceCollection services, IConfiguration configuration)
    {
        // One instance, reachable both as a hosted service and by its type (so that it can be observed).
        services.AddSingleton<RetentionJob>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionJob>());
        services.AddSingleton<IAlertText, Alerts.AlertText>();
        services.AddSingleton<AlertJob>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertJob>());
        return services;
    }
}
