using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Storage;

/// <summary>
/// The registration of the database (<see cref="AddHavenStorage"/>) and the one way a context is configured.
/// </summary>
internal static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the database the data directory's <see cref="DataDirectory.Database"/> names.</summary>
    public static IServiceCollection AddHavenStorage(this IServiceCollection services, DataDirectory data)
    {
        services.AddSingleton(data);
        // Pooled: a context is reset and reused instead of built anew (with its service scope) for every query.
        services.AddPooledDbContextFactory<HavenDbContext>(options => Configure(options, data));
        return services;
    }

    /// <summary>
    /// The one place that says how a <see cref="HavenDbContext"/> is opened: the web host, the CLI, the
    /// design-time factory, the benchmarks and the tests all come through here.
    /// </summary>
    public static void Configure(DbContextOptionsBuilder options, DataDirectory data)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        if (data.IsSqlite)
        {
            options.UseSqlite(data.SqliteConnectionString);
            options.AddInterceptors(new SqlitePragmas());
        }
        else
        {
            // PostgreSQL enforces foreign keys and waits on locks by itself; it has no secure_delete (see
            // PurgeCommand and docs/operations.md, "On PostgreSQL").
            options.UseNpgsql(data.Database.ConnectionString);
            options.ReplaceService<IModelCustomizer, PostgresModelCustomizer>();
        }

        options.ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>();
    }

    public static HavenDbContext CreateContext(DataDirectory data)
    {
        var builder = new DbContextOptionsBuilder<HavenDbContext>();
        Configure(builder, data);
        return new HavenDbContext(builder.Options);
    }

    /// <summary>
    /// Applies pending migrations; on SQLite also switches the database to WAL journaling, gives the planner
    /// fresh statistics where the tables grew (<see cref="SqlitePragmas.Optimize"/>) and makes the file owner-only. On PostgreSQL the database must exist or the role must be allowed to create it.
    /// </summary>
    public static async Task MigrateAsync(DataDirectory data, CancellationToken cancellationToken = default)
    {
        data.EnsureExists();
        await using var db = CreateContext(data);
        await db.Database.MigrateAsync(cancellationToken);
        if (!data.IsSqlite)
        {
            return;
        }

        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        await db.Database.ExecuteSqlRawAsync(SqlitePragmas.Optimize, cancellationToken);
        if (!OperatingSystem.IsWindows() && File.Exists(data.DatabaseFile))
        {
            File.SetUnixFileMode(data.DatabaseFile, OwnerOnly.FilePermissions);
        }

        ClearSqlitePool(data);
    }

    /// <summary>
    /// Closes the idle pooled connections to this data directory's SQLite file only. Clearing every pool of the
    /// process would also close another instance's connections (tests run several servers in one process); the
    /// last one to close deletes that instance's write-ahead log.
    /// </summary>
    public static void ClearSqlitePool(DataDirectory data)
    {
        using var connection = new SqliteConnection(data.SqliteConnectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>
    /// After the PostgreSQL server was unreachable: drops the pooled connections to it, which a restart of the
    /// server broke without telling them, so that the first sends after it is back open fresh ones instead of
    /// failing on dead ones. Nothing to do on SQLite.
    /// </summary>
    public static void ClearPostgresPool(DataDirectory data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.IsSqlite)
        {
            using var connection = new Npgsql.NpgsqlConnection(data.Database.ConnectionString);
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }
    }
}
