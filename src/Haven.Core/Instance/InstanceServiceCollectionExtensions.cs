using Microsoft.Extensions.DependencyInjection;

namespace Haven.Instance;

internal static class InstanceServiceCollectionExtensions
{
    /// <summary>Registers the instance's state: whether it is set up, and its public keys.</summary>
    public static IServiceCollection AddHavenInstance(this IServiceCollection services)
    {
        services.AddSingleton<InstanceState>();
        return services;
    }
}
