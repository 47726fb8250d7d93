using Haven.Files;
using Microsoft.Extensions.Configuration;

namespace Haven.Cli;

/// <summary>The settings the web host would read that the offline commands need too (<c>Haven:Blobs</c>).</summary>
internal static class CliSettings
{
    /// <summary>The configuration of the environment (<c>Haven__…</c>), as the web host reads it.</summary>
    public static IConfiguration Build() => new ConfigurationBuilder().AddEnvironmentVariables().Build();

    /// <summary>Where the blobs are: <c>Haven:Blobs:Path</c> when set, otherwise <c>&lt;data&gt;/blobs</c>.</summary>
    /// <exception cref="CliException">The setting is invalid.</exception>
    public static BlobOptions Blobs()
    {
        var options = new BlobOptions();
        Build().GetSection("Haven:Blobs").Bind(options);
        return options.Problem() is { } problem ? throw new CliException(problem) : options;
    }
}
