using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Haven.Files;

internal static class CleanCopyServiceCollectionExtensions
{
    /// <summary>Registers cleaned copies: their limits (<c>Haven:Files:Clean</c>, validated at start-up) and the command.</summary>
    public static IServiceCollection AddHavenCleanCopies(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CleanCopyOptions>().Bind(configuration.GetSection("Haven:Files:Clean")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CleanCopyOptions>, CleanCopyOptionsValidator>();
        services.AddSingleton<CleanCopyCommand>();
        return services;
    }
}
