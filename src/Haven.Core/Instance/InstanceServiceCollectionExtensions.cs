using Microsoft.Extensions.DependencyInjection;

namespace Haven.Instance;

/// <summary>The registration of the Instance area: <see cref="AddHavenInstance"/>.</summary>
internal static class InstanceServiceCollectionExtensions
{
    /// <summary>Registers the instance's state: whether it is set up, and its public keys.</summary>
    public static IServiceCollection AddHavenInstance(this IServiceCollection services)
    {
        services.AddSingleton<InstanceState>();
        return services;
    }
}
