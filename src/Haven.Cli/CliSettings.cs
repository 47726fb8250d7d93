using Haven.Files;
using Microsoft.Extensions.Configuration;

namespace Haven.Cli;

/// <summary>The settings the web host would read that the offline commands need too (<c>Haven:Blobs</c>).</summary>
internal static class CliSettings
{
    /// <summary>The configuration the web host reads: the <c>HAVEN_CONFIG</c> file, then the environment (<c>Haven__…</c>).</summary>
    /// <exception cref="CliException">The configuration file is missing or invalid.</exception>
    public static IConfiguration Build() => DataOption.Configuration();

    /// <summary>Where the blobs are: <c>Haven:Blobs:Path</c> when set, otherwise <c>&lt;data&gt;/blobs</c>.</summary>
    /// <exception cref="CliException">The setting is invalid.</exception>
    public static BlobOptions Blobs()
    {
        var options = new BlobOptions();
        Build().GetSection("Haven:Blobs").Bind(options);
        return options.Problem() is { } problem ? throw new CliException(problem) : options;
    }
}
