using System.Text.Json;
using Haven.Crypto;
using Haven.Tests;
using Haven.Web.Tests.Canary;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Cli;

public sealed class CliInitTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Fact]
    public async Task Init_with_a_recovery_file_writes_the_secret_only_there_and_creates_an_owner_only_instance()
    {
        using var temp = new TempFolder();
        var data = temp["data"];
        var recoveryFile = temp["recovery.txt"];

        var result = await CliRunner.RunAsync("init", "--data", data, "--recovery-file", recoveryFile);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(recoveryFile), result.ToString());
        var text = await File.ReadAllTextAsync(recoveryFile);
        Assert.StartsWith(RecoverySecret.Prefix, text, StringComparison.Ordinal);
        Assert.True(RecoverySecret.TryParse(text, out var secretKey), $"The recovery file does not parse: {text}");
        Assert.Equal(32, secretKey.Length);
        AssertRecoveryKeyBelongsTo(data, secretKey);

        Assert.True(File.Exists(Path.Combine(data, "instance.key")));
        await AssertDatabaseCreatedAsync(data);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(recoveryFile));
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(Path.Combine(data, "instance.key")));
            if (!TestDatabases.Postgres)
            {
                Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(Path.Combine(data, "haven.db")));
            }

            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(data));
        }

        // The secret goes where the operator said, and nowhere else: not to the terminal, not into the data.
        foreach (var form in SecretForms(secretKey))
        {
            Assert.DoesNotContain(form, result.Stdout, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(form, result.Stderr, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Empty(PlaintextScan.Find(data, SecretForms(secretKey)));
        Assert.Contains(recoveryFile, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(".new", string.Join('\n', PlaintextScan.Files(data)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_with_recovery_stdout_prints_the_secret_on_standard_output_only()
    {
        using var temp = new TempFolder();
        var data = temp["data"];

        var result = await CliRunner.RunAsync("init", "--data", data, "--recovery-stdout");

        Assert.True(result.ExitCode == 0, result.ToString());
        var line = Assert.Single(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.True(RecoverySecret.TryParse(line, out var secretKey), $"Standard output does not hold a recovery secret: {result}");
        AssertRecoveryKeyBelongsTo(data, secretKey);
        foreach (var form in SecretForms(secretKey))
        {
            Assert.DoesNotContain(form, result.Stderr, StringComparison.OrdinalIgnoreCase);
        }

        // No file was written next to the data directory, and the data directory does not hold the secret.
        Assert.Equal([data], Directory.EnumerateFileSystemEntries(temp.Path));
        Assert.Empty(PlaintextScan.Find(data, SecretForms(secretKey)));
        Assert.True(File.Exists(Path.Combine(data, "instance.key")));
        await AssertDatabaseCreatedAsync(data);
    }

    /// <summary>The database exists with every migration applied: haven.db on SQLite, the test database on PostgreSQL.</summary>
    private static async Task AssertDatabaseCreatedAsync(string data)
    {
        Assert.True(TestDatabases.Postgres || File.Exists(Path.Combine(data, "haven.db")), "haven.db is missing");
        await using var connection = await RawDatabase.OpenAsync(data, readOnly: true);
        await using var command = RawDatabase.Command(connection, "SELECT COUNT(*) FROM responders");
        Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Init_again_on_the_same_data_directory_is_refused_with_a_clear_message_and_changes_nothing()
    {
        using var temp = new TempFolder();
        var data = temp["data"];
        var first = await CliRunner.RunAsync("init", "--data", data, "--recovery-file", temp["first.txt"]);
        Assert.True(first.ExitCode == 0, first.ToString());
        var keyFileBefore = await File.ReadAllBytesAsync(Path.Combine(data, "instance.key"));

        var again = await CliRunner.RunAsync("init", "--data", data, "--recovery-file", temp["second.txt"]);

        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("already holds a Haven instance", again.Stderr, StringComparison.Ordinal);
        AssertClearError(again);
        Assert.False(File.Exists(temp["second.txt"]), "A second recovery secret was written for an instance that already has one.");
        Assert.Equal(keyFileBefore, await File.ReadAllBytesAsync(Path.Combine(data, "instance.key")));

        var againToStdout = await CliRunner.RunAsync("init", "--data", data, "--recovery-stdout");
        Assert.NotEqual(0, againToStdout.ExitCode);
        Assert.Equal("", againToStdout.Stdout);
        Assert.Contains("already holds a Haven instance", againToStdout.Stderr, StringComparison.Ordinal);
        Assert.Equal(keyFileBefore, await File.ReadAllBytesAsync(Path.Combine(data, "instance.key")));
    }

    [Fact]
    public async Task Init_with_neither_or_both_recovery_destinations_is_refused_and_creates_nothing()
    {
        using var temp = new TempFolder();
        var data = temp["data"];
        var recoveryFile = temp["recovery.txt"];

        var neither = await CliRunner.RunAsync("init", "--data", data);
        Assert.NotEqual(0, neither.ExitCode);
        Assert.Contains("--recovery-file", neither.Stderr, StringComparison.Ordinal);
        AssertClearError(neither);
        Assert.Equal("", neither.Stdout);
        Assert.False(Directory.Exists(data), "init without a recovery destination created the data directory.");

        var both = await CliRunner.RunAsync("init", "--data", data, "--recovery-file", recoveryFile, "--recovery-stdout");
        Assert.NotEqual(0, both.ExitCode);
        Assert.Contains("exactly one", both.Stderr, StringComparison.Ordinal);
        AssertClearError(both);
        Assert.Equal("", both.Stdout);
        Assert.False(Directory.Exists(data), "init with both recovery destinations created the data directory.");
        Assert.False(File.Exists(recoveryFile), "init with both recovery destinations wrote a recovery file.");
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Fact]
    public async Task Init_refuses_to_overwrite_an_existing_recovery_file_and_creates_nothing()
    {
        using var temp = new TempFolder();
        var data = temp["data"];
        var recoveryFile = temp["recovery.txt"];
        await File.WriteAllTextAsync(recoveryFile, "the secret of another instance");

        var result = await CliRunner.RunAsync("init", "--data", data, "--recovery-file", recoveryFile);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("refusing to overwrite", result.Stderr, StringComparison.Ordinal);
        AssertClearError(result);
        Assert.Equal("the secret of another instance", await File.ReadAllTextAsync(recoveryFile));
        Assert.False(Directory.Exists(data));
    }

    [Fact]
    public async Task Init_with_a_recovery_file_that_cannot_be_written_leaves_no_instance_without_a_recovery_secret()
    {
        using var temp = new TempFolder();
        var data = temp["data"];
        var recoveryFile = Path.Combine(temp["no-such-folder"], "recovery.txt");

        var result = await CliRunner.RunAsync("init", "--data", data, "--recovery-file", recoveryFile);

        // An instance whose recovery secret was never handed out can never be recovered, and `init` would
        // then refuse to run again on it: nothing may be created when the secret cannot be written.
        Assert.NotEqual(0, result.ExitCode);
        Assert.False(File.Exists(Path.Combine(data, "instance.key")), $"An instance was created but its recovery secret was lost: {result}");
        Assert.False(Directory.Exists(data), result.ToString());
        Assert.Contains("nothing was created", result.Stderr, StringComparison.Ordinal);
        AssertClearError(result);

        // Once the folder exists, the same command works.
        Directory.CreateDirectory(temp["no-such-folder"]);
        var retry = await CliRunner.RunAsync("init", "--data", data, "--recovery-file", recoveryFile);
        Assert.True(retry.ExitCode == 0, retry.ToString());
        Assert.True(RecoverySecret.TryParse(await File.ReadAllTextAsync(recoveryFile), out var secretKey));
        AssertRecoveryKeyBelongsTo(data, secretKey);
    }

    /// <summary>The recovery secret's public half is the one in instance.key.</summary>
    internal static void AssertRecoveryKeyBelongsTo(string data, byte[] secretKey)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(data, "instance.key")));
        Assert.Equal(1, json.RootElement.GetProperty("version").GetInt32());
        Assert.Equal(32, json.RootElement.GetProperty("pepper").GetBytesFromBase64().Length);
        using var recovery = X25519KeyPair.FromSecretKey(secretKey);
        Assert.Equal(recovery.PublicKey, json.RootElement.GetProperty("recovery_public_key").GetBytesFromBase64());
    }

    /// <summary>The ways a recovery secret could leak: as formatted, as bare hex, and each group of eight.</summary>
    internal static List<string> SecretForms(byte[] secretKey)
    {
        var formatted = RecoverySecret.Format(secretKey);
        var hex = Convert.ToHexStringLower(secretKey);
        return [formatted, formatted[RecoverySecret.Prefix.Length..].Trim(), hex, .. hex.Chunk(8).Select(c => new string(c))];
    }

    /// <summary>An operator error is one line of explanation, not a stack trace.</summary>
    internal static void AssertClearError(CliResult result)
    {
        Assert.False(string.IsNullOrWhiteSpace(result.Stderr), result.ToString());
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }
}
