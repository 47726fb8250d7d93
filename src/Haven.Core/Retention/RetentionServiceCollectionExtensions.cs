using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Haven.Retention;

/// <summary>The registration of the Retention area: <see cref="AddHavenRetention"/>.</summary>
internal static class RetentionServiceCollectionExtensions
{
    /// <summary>Registers the retention policy (<c>Haven:Retention</c>, validated at start-up), the purge command and the warning query.</summary>
    public static IServiceCollection AddHavenRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection("Haven:Retention")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddSingleton<RetentionPolicy>();
        services.AddSingleton<PurgeCommand>();
        services.AddSingleton<RetentionWarningQuery>();
        return services;
    }
}
