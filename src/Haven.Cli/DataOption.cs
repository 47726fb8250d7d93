using System.CommandLine;
using Haven.Storage;

namespace Haven.Cli;

/// <summary>
/// The <c>--data</c> option together with the database settings, so that every command opens the same
/// database the web host would: SQLite in the data directory, or the PostgreSQL server named by
/// <c>Haven__Database__Provider</c> and <c>Haven__Database__ConnectionString</c> in the environment.
/// </summary>
internal sealed class DataOption(DatabaseSettings? database)
{
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
    /// <exception cref="CliException">The database settings in the environment are invalid.</exception>
    public DataDirectory Resolve(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        try
        {
            return DataDirectory.Resolve(result.GetValue(Option), database ?? DatabaseSettings.FromEnvironment());
        }
        catch (DatabaseConfigurationException e)
        {
            throw new CliException(e.Message);
        }
    }
}
