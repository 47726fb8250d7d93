using System.Net;
using Haven.Cli;
using Haven.Instance;
using Haven.Tests;
using Haven.Web.Tests.Infrastructure;
using Npgsql;

namespace Haven.Web.Tests.Cli;

/// <summary>
/// <c>haven wipe</c> on the provider of this run (SQLite files, or Haven's tables in a PostgreSQL database): it
/// names what it would remove and removes nothing until told the instance id or the data path it printed; it is
/// refused while the server runs and without an explicit <c>--data</c>; then it removes instance.key first, the
/// database, the blobs in <c>Haven:Blobs:Path</c> and the folder's contents, and the folder takes a new instance.
/// </summary>
public sealed class CliWipeTests
{
    [Fact]
    public async Task Wipe_removes_nothing_until_confirmed_and_then_the_key_first_the_database_the_blobs_and_the_contents()
    {
        using var temp = new TempFolder();
        var blobs = temp["shared-blobs"];
        await using var server = await HavenServer.StartAsync($"--Haven:Blobs:Path={blobs}");
        using (var person = server.CreateClient())
        {
            Assert.Equal(20, (await person.AskForHelpAsync()).Length);
            Assert.Equal(HttpStatusCode.OK, (await person.SubmitRequestAsync("we need help")).Status);
        }

        var data = server.DataPath;
        var id = WipeCli.InstanceId(InstanceKeys.Load(server.Data));
        Assert.Matches("^[0-9a-f]{16}$", id);

        // While the server holds the folder: refused.
        var running = await CliRunner.RunAsync("wipe", "--data", data, "--confirm", id, "--blobs", blobs);
        Assert.Equal(2, running.ExitCode);
        Assert.True(File.Exists(server.Data.InstanceKeyFile), running.ToString());
        await server.StopAsync();
        await File.WriteAllTextAsync(Path.Combine(blobs, "0123456789abcdef"), "ciphertext stands in");
        Directory.CreateDirectory(Path.Combine(data, "keys"));
        await File.WriteAllTextAsync(Path.Combine(data, "keys", "key-1.xml"), "<key/>");

        // Without --confirm, or with a wrong one: what it would remove, and nothing removed.
        var described = await CliRunner.RunAsync("wipe", "--data", data, "--blobs", blobs);
        Assert.Equal(2, described.ExitCode);
        Assert.Contains(id, described.Stderr, StringComparison.Ordinal);
        Assert.Contains(Path.GetFullPath(data), described.Stderr, StringComparison.Ordinal);
        Assert.Contains(blobs, described.Stderr, StringComparison.Ordinal);
        Assert.Contains($"--confirm {id}", described.Stderr, StringComparison.Ordinal);
        var wrong = await CliRunner.RunAsync("wipe", "--data", data, "--blobs", blobs, "--confirm", "0000000000000000");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("does not match", wrong.Stderr, StringComparison.Ordinal);

        // HAVEN_DATA (or ./data) is not enough: --data must be given.
        var implicitData = await CliRunner.RunAsync("wipe", "--confirm", id);
        Assert.Equal(2, implicitData.ExitCode);
        Assert.Contains("--data", implicitData.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(server.Data.InstanceKeyFile));
        Assert.True(await HavenTablesAsync(data));
        Assert.NotEmpty(Directory.GetFiles(blobs));

        var wiped = await CliRunner.RunAsync("wipe", "--data", data, "--blobs", blobs, "--confirm", id);
        Assert.True(wiped.ExitCode == 0, wiped.ToString());
        var lines = wiped.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal($"removed {server.Data.InstanceKeyFile}", lines[0]);
        Assert.Contains(lines, l => l.StartsWith($"removed {Path.Combine(blobs, "0123456789abcdef")}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"removed {Path.Combine(data, "keys")}", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(data));
        Assert.Empty(Directory.GetFileSystemEntries(blobs));
        Assert.False(await HavenTablesAsync(data));

        // The folder (and the database) take a new instance.
        var again = await CliRunner.RunAsync("init", "--data", data, "--recovery-file", temp["recovery.txt"]);
        Assert.True(again.ExitCode == 0, again.ToString());

        // Confirmed by the data path as printed, too.
        var byPath = await CliRunner.RunAsync("wipe", "--data", data, "--blobs", blobs, "--confirm", Path.GetFullPath(data));
        Assert.True(byPath.ExitCode == 0, byPath.ToString());
        Assert.Empty(Directory.GetFileSystemEntries(data));
        Assert.False(await HavenTablesAsync(data));
    }

    [Fact]
    public async Task A_folder_that_is_not_a_haven_data_directory_is_refused_and_left_alone()
    {
        using var temp = new TempFolder();
        var folder = temp["documents"];
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "letter.txt"), "keep me");

        var refused = await CliRunner.RunAsync("wipe", "--data", folder, "--confirm", Path.GetFullPath(folder));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("is not a Haven data directory", refused.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "letter.txt")));
    }

    /// <summary>Whether the data directory's database still holds Haven's audit log (SQLite: the file; PostgreSQL: the table).</summary>
    private static async Task<bool> HavenTablesAsync(string dataPath)
    {
        var data = TestDatabases.Data(dataPath);
        if (data.IsSqlite)
        {
            return File.Exists(data.DatabaseFile);
        }

        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(data.Database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_class WHERE relname IN ('audit_entries', '__EFMigrationsHistory') AND relnamespace = current_schema()::regnamespace", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
