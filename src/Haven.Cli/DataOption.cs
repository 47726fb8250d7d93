using System.CommandLine;
using Haven.Storage;
using Microsoft.Extensions.Configuration;

namespace Haven.Cli;

/// <summary>
/// The <c>--data</c> option together with the database settings, so that every command opens the same
/// database the web host would: SQLite in the data directory, or the PostgreSQL server named by
/// <c>Haven:Database:Provider</c> and <c>Haven:Database:ConnectionString</c> in the configuration file named by
/// <c>HAVEN_CONFIG</c> or the environment (<c>Haven__Database__Provider</c>, <c>Haven__Database__ConnectionString</c>).
/// </summary>
internal sealed class DataOption(DatabaseSettings? database, TimeProvider? clock = null)
{
    /// <summary>
    /// The clock of the commands that log a responder in (<c>haven evidence export</c>: the TOTP time step, the login
    /// throttles, the audit entries' times). The machine's; a test of the in-process CLI gives its server's manual clock.
    /// </summary>
    public TimeProvider Clock { get; } = clock ?? TimeProvider.System;

    public Option<string?> Option { get; } = new("--data") { Description = "The data directory (default: HAVEN_DATA, then ./data)." };

    /// <summary>
    /// Takes the data directory's lock for a command that writes: it refuses, with one line, while a server or
    /// another writing command uses the folder. Commands that only read do not call this.
    /// </summary>
    /// <exception cref="CliException">The folder is in use.</exception>
    public static DataDirectoryLock Lock(DataDirectory dir)
    {
        try
        {
            return DataDirectoryLock.Acquire(dir);
        }
        catch (DataDirectoryLockedException e)
        {
            throw new CliException(e.Message);
        }
    }

    /// <summary>The data directory the command line names, with its database.</summary>
    /// <exception cref="CliException">The database settings are invalid, or HAVEN_CONFIG names a missing or invalid file.</exception>
    public DataDirectory Resolve(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        try
        {
            return DataDirectory.Resolve(result.GetValue(Option), database ?? DatabaseSettings.FromEnvironment());
        }
        catch (Exception e) when (e is DatabaseConfigurationException or ConfigurationFileException)
        {
            throw new CliException(e.Message);
        }
    }

    /// <summary>The configuration a command reads beyond its options: the file named by HAVEN_CONFIG, then the environment.</summary>
    /// <exception cref="CliException">HAVEN_CONFIG names a missing or invalid file.</exception>
    public static IConfiguration Configuration()
    {
        try
        {
            return HavenConfiguration.Build();
        }
        catch (ConfigurationFileException e)
        {
            throw new CliException(e.Message);
        }
    }
}
