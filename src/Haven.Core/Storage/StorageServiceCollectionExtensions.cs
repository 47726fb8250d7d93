using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Storage;

internal static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the database on the embedded default: SQLite in the data directory.</summary>
    public static IServiceCollection AddHavenStorage(this IServiceCollection services, DataDirectory data)
    {
        services.AddSingleton(data);
        services.AddDbContextFactory<HavenDbContext>(options => Configure(options, data));
        return services;
    }

    public static void Configure(DbContextOptionsBuilder options, DataDirectory data)
    {
        options.UseSqlite(data.SqliteConnectionString);
        options.AddInterceptors(new SqlitePragmas());
    }

    public static HavenDbContext CreateContext(DataDirectory data)
    {
        var builder = new DbContextOptionsBuilder<HavenDbContext>();
        Configure(builder, data);
        return new HavenDbContext(builder.Options);
    }

    /// <summary>Applies pending migrations and switches the database to WAL journaling.</summary>
    public static async Task MigrateAsync(DataDirectory data, CancellationToken cancellationToken = default)
    {
        data.EnsureExists();
        await using var db = CreateContext(data);
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        if (!OperatingSystem.IsWindows() && File.Exists(data.DatabaseFile))
        {
            File.SetUnixFileMode(data.DatabaseFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        SqliteConnection.ClearAllPools();
    }
}

/// <summary>Lets `dotnet ef migrations add` build the model without running the host.</summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<HavenDbContext>
{
    public HavenDbContext CreateDbContext(string[] args) => StorageServiceCollectionExtensions.CreateContext(new DataDirectory(Path.GetTempPath()));
}
