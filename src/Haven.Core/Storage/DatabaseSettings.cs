using Microsoft.Extensions.Configuration;

namespace Haven.Storage;

/// <summary>
/// Where the database is: SQLite in the data directory (the default) or a PostgreSQL server. Read from
/// <c>Haven:Database:Provider</c> (<c>sqlite</c> | <c>postgres</c>) and <c>Haven:Database:ConnectionString</c>
/// (environment: <c>Haven__Database__Provider</c>, <c>Haven__Database__ConnectionString</c>), the same way by
/// the web host, the CLI and the design-time factory, so that all of them open the same database.
/// </summary>
internal sealed record DatabaseSettings(DatabaseProvider Provider, string? ConnectionString)
{
    public const string ProviderKey = "Haven:Database:Provider";

    public const string ConnectionStringKey = "Haven:Database:ConnectionString";

    public static readonly DatabaseSettings Sqlite = new(DatabaseProvider.Sqlite, null);

    /// <summary>Reads the settings; a missing provider means SQLite.</summary>
    /// <exception cref="DatabaseConfigurationException">An unknown provider, or a connection string that does not fit it.</exception>
    public static DatabaseSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var provider = configuration[ProviderKey]?.Trim();
        var connectionString = configuration[ConnectionStringKey];
        if (string.IsNullOrEmpty(provider) || provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            // A connection string without the provider would otherwise leave the data in a SQLite file
            // nobody expects: refuse rather than guess.
            return string.IsNullOrWhiteSpace(connectionString)
                ? Sqlite
                : throw new DatabaseConfigurationException($"{ConnectionStringKey} is set but {ProviderKey} is not \"postgres\"; SQLite always lives in the data directory.");
        }

        if (provider.Equals("postgres", StringComparison.OrdinalIgnoreCase) || provider.Equals("postgresql", StringComparison.OrdinalIgnoreCase))
        {
            return string.IsNullOrWhiteSpace(connectionString)
                ? throw new DatabaseConfigurationException($"{ProviderKey} is \"postgres\" but {ConnectionStringKey} is empty.")
                : new DatabaseSettings(DatabaseProvider.Postgres, connectionString);
        }

        throw new DatabaseConfigurationException($"{ProviderKey} must be \"sqlite\" or \"postgres\".");
    }

    /// <summary>Reads the settings from the configuration file named by HAVEN_CONFIG and the environment (<see cref="HavenConfiguration.Build"/>).</summary>
    /// <exception cref="ConfigurationFileException">HAVEN_CONFIG names a missing or invalid file.</exception>
    public static DatabaseSettings FromEnvironment() => From(HavenConfiguration.Build());

    /// <summary>Never prints the connection string: it may hold a password.</summary>
    public override string ToString() => Provider.ToString();
}
