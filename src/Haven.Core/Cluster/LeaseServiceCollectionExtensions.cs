using Haven.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Haven.Cluster;

/// <summary>The registration of the singleton jobs' leases: <see cref="AddHavenLeases"/>.</summary>
internal static class LeaseServiceCollectionExtensions
{
    /// <summary>Registers <see cref="INodeLeases"/> by provider (rows of <c>node_leases</c> on PostgreSQL, this process on SQLite) and <c>Haven:Cluster</c>, validated at start-up.</summary>
    public static IServiceCollection AddHavenLeases(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LeaseOptions>().Bind(configuration.GetSection("Haven:Cluster"))
            .Validate(o => o.IsValid, "Haven:Cluster:LeaseSeconds must be between 3 and 3600.").ValidateOnStart();
        services.TryAddSingleton<NodeIdentity>();
        services.AddSingleton<INodeLeases>(sp => sp.GetRequiredService<DataDirectory>().IsSqlite
            ? new MemoryNodeLeases()
            : new PostgresNodeLeases(sp.GetRequiredService<DataDirectory>(), sp.GetRequiredService<NodeIdentity>()));
        return services;
    }
}
