using Haven.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Audit;

/// <summary>The registration of the Audit area: <see cref="AddHavenAudit"/>.</summary>
internal static class AuditServiceCollectionExtensions
{
    /// <summary>Registers the audited writer (with the write lock for the provider) and the audit log's views: the page of entries and the check of the chain.</summary>
    public static IServiceCollection AddHavenAudit(this IServiceCollection services)
    {
        services.AddSingleton(WriteLockFor);
        services.AddSingleton<AuditedWriter>();
        services.AddSingleton<AuditPageQuery>();
        services.AddSingleton<AuditChainCheck>();
        return services;
    }

    /// <summary>
    /// The write lock for the data directory's database: <see cref="ProcessWriteLock"/> on SQLite (one process
    /// writes), <see cref="PostgresWriteLock"/> on PostgreSQL (any number of nodes, and the CLI beside them).
    /// </summary>
    public static IWriteLock WriteLockFor(IServiceProvider services) =>
        WriteLockFor(services.GetRequiredService<DataDirectory>());

    /// <inheritdoc cref="WriteLockFor(IServiceProvider)"/>
    public static IWriteLock WriteLockFor(DataDirectory data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.IsSqlite ? new ProcessWriteLock() : new PostgresWriteLock(data);
    }
}
