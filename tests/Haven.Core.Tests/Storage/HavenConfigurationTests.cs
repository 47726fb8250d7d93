using Haven.Storage;
using Microsoft.Extensions.Configuration;

namespace Haven.Core.Tests.Storage;

/// <summary>
/// The configuration file (HAVEN_CONFIG): read with comments and trailing commas, below the environment and the
/// command line; a missing or broken file is one message naming it, never its text.
/// </summary>
public sealed class HavenConfigurationTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("haven-config-test-").FullName;

    [Fact]
    public void The_file_is_read_below_the_environment_and_the_command_line()
    {
        // A variable of this test's own, so that no other test sees it.
        var key = "HavenConfigTest" + Guid.NewGuid().ToString("N");
        var file = Write("haven.json", $$"""
            // the package's file
            {
              "Haven": { "Database": { "Provider": "postgres", "ConnectionString": "Host=db.example;Password=from-file", }, },
              "{{key}}": { "FromFile": "file", "Both": "file", "All": "file" },
            }
            """);
        Environment.SetEnvironmentVariable(key + "__Both", "environment");
        Environment.SetEnvironmentVariable(key + "__All", "environment");
        try
        {
            // As the web host's builder has them: environment, then the command line; the file goes below both.
            var configuration = new ConfigurationManager();
            configuration.AddEnvironmentVariables().AddCommandLine([$"--{key}:All=command-line"]);
            configuration.AddHavenConfigFile(file);
            Assert.Equal("file", configuration[key + ":FromFile"]);
            Assert.Equal("environment", configuration[key + ":Both"]);
            Assert.Equal("command-line", configuration[key + ":All"]);

            var settings = DatabaseSettings.From(new ConfigurationBuilder().AddHavenConfigFile(file).Build());
            Assert.Equal(DatabaseProvider.Postgres, settings.Provider);
            Assert.Equal("Host=db.example;Password=from-file", settings.ConnectionString);
        }
        finally
        {
            Environment.SetEnvironmentVariable(key + "__Both", null);
            Environment.SetEnvironmentVariable(key + "__All", null);
        }
    }

    [Fact]
    public void No_file_named_adds_nothing()
    {
        var builder = new ConfigurationBuilder();
        builder.AddHavenConfigFile(path: null).AddHavenConfigFile(" ");
        Assert.Empty(builder.Sources);
    }

    [Fact]
    public void A_missing_file_is_named_in_one_message()
    {
        var path = Path.Combine(folder, "absent.json");
        var e = Assert.Throws<ConfigurationFileException>(() => new ConfigurationBuilder().AddHavenConfigFile(path));
        Assert.Equal($"the configuration file {path} (HAVEN_CONFIG) does not exist.", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_json_gives_its_place_and_none_of_its_text()
    {
        var path = Write("broken.json", "{\n  \"Haven\": { \"Database\": { \"ConnectionString\": \"Password=hunter2\" \"Provider\": \"postgres\" } }\n}\n");
        var e = Assert.Throws<ConfigurationFileException>(() => new ConfigurationBuilder().AddHavenConfigFile(path));
        Assert.StartsWith($"the configuration file {path} (HAVEN_CONFIG) is not valid JSON (line 2, byte ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Provider", e.Message, StringComparison.Ordinal);

        var array = Write("array.json", "[1, 2]");
        Assert.Equal($"the configuration file {array} (HAVEN_CONFIG) does not hold a JSON object ({{ … }}).", Assert.Throws<ConfigurationFileException>(() => new ConfigurationBuilder().AddHavenConfigFile(array)).Message);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
