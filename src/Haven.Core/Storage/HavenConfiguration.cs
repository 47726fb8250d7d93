using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Haven.Storage;

/// <summary>
/// Haven's configuration outside the command line: the JSON file named by <c>HAVEN_CONFIG</c> (the same shape as
/// appsettings.json, comments and trailing commas allowed; the Debian package sets it to /etc/haven/haven.json),
/// then the environment. Precedence, lowest first: the file, the environment, the command line. The web host and
/// every CLI command read it this way, so that both open the same database.
/// </summary>
internal static class HavenConfiguration
{
    public const string Variable = "HAVEN_CONFIG";

    /// <summary>
    /// Adds the file named by <c>HAVEN_CONFIG</c>, if it is set, below the environment: before the first
    /// unprefixed environment-variable source already in <paramref name="builder"/> (the web host's), else at the end.
    /// </summary>
    /// <exception cref="ConfigurationFileException">The file is named but missing, unreadable or not a JSON object.</exception>
    public static IConfigurationBuilder AddHavenConfigFile(this IConfigurationBuilder builder) => builder.AddHavenConfigFile(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Adds the given configuration file (see <see cref="AddHavenConfigFile(IConfigurationBuilder)"/>); nothing when <paramref name="path"/> is empty.</summary>
    /// <exception cref="ConfigurationFileException">The file is missing, unreadable or not a JSON object.</exception>
    public static IConfigurationBuilder AddHavenConfigFile(this IConfigurationBuilder builder, string? path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrWhiteSpace(path))
        {
            return builder;
        }

        var full = Path.GetFullPath(path);
        Check(full);
        var source = new ConfigurationBuilder().AddJsonFile(full, optional: false, reloadOnChange: false).Sources[0];
        var environment = builder.Sources.ToList().FindIndex(s => s is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        if (environment < 0)
        {
            builder.Add(source);
        }
        else
        {
            builder.Sources.Insert(environment, source);
        }

        return builder;
    }

    /// <summary>The configuration of a CLI command: the file named by <c>HAVEN_CONFIG</c>, then the environment.</summary>
    /// <exception cref="ConfigurationFileException">The file is named but missing, unreadable or not a JSON object.</exception>
    public static IConfiguration Build() => new ConfigurationBuilder().AddHavenConfigFile().AddEnvironmentVariables().Build();

    /// <summary>Reads and parses the file once here, so that a bad file gives one line naming it rather than a parser's stack trace.</summary>
    private static void Check(string path)
    {
        string problem;
        try
        {
            var bytes = File.ReadAllBytes(path);
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return;
            }

            problem = "does not hold a JSON object ({ … })";
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            problem = "does not exist";
        }
        catch (UnauthorizedAccessException)
        {
            problem = "cannot be read (permission denied)";
        }
        catch (IOException e)
        {
            problem = "cannot be read (" + e.GetType().Name + ")";
        }
        catch (JsonException e)
        {
            // The parser's own message may quote the character it stopped at: only the place is given.
            problem = $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})";
        }

        throw new ConfigurationFileException($"the configuration file {path} ({Variable}) {problem}.");
    }
}
