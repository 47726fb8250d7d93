using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Configuration;

namespace Haven.Storage;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without running the host. The provider comes from
/// the environment like everywhere else (<c>Haven__Database__Provider=postgres</c> for the PostgreSQL
/// migrations); no connection is opened to add a migration, so a placeholder connection string will do.
/// </summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<HavenDbContext>
{
    public HavenDbContext CreateDbContext(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        if (string.Equals(configuration[DatabaseSettings.ProviderKey], "postgres", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(configuration[DatabaseSettings.ConnectionStringKey]))
        {
            configuration[DatabaseSettings.ConnectionStringKey] = "Host=localhost;Database=haven_design";
        }

        return StorageServiceCollectionExtensions.CreateContext(new DataDirectory(Path.GetTempPath(), DatabaseSettings.From(configuration)));
    }
}
