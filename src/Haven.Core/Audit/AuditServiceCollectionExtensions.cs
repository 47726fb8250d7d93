using Microsoft.Extensions.DependencyInjection;

namespace Haven.Audit;

/// <summary>The registration of the Audit area: <see cref="AddHavenAudit"/>.</summary>
internal static class AuditServiceCollectionExtensions
{
    /// <summary>Registers the audited writer (with the process write lock) and the audit log's views: the page of entries and the check of the chain.</summary>
    public static IServiceCollection AddHavenAudit(this IServiceCollection services)
    {
        services.AddSingleton<Storage.IWriteLock, Storage.ProcessWriteLock>();
        services.AddSingleton<AuditedWriter>();
        services.AddSingleton<AuditPageQuery>();
        services.AddSingleton<AuditChainCheck>();
        return services;
    }
}
