using System.Globalization;
using System.Text;
using System.Text.Json;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Tests;
using Haven.Web.Hosting;
using Haven.Web.Tests.Canary;
using Haven.Web.Tests.Infrastructure;
using OtpNet;

namespace Haven.Web.Tests.Cli;

public sealed partial class CliResponderTests
{
    private const string Passphrase = "rivers of patient ink 17";

    [Fact]
    public async Task Responder_add_reads_the_passphrase_from_stdin_prints_a_TOTP_secret_and_stores_only_wrapped_keys()
    {
        using var temp = new TempFolder();
        var data = await InitAsync(temp);

        var result = await CliRunner.RunWithInputAsync(Passphrase + "\n", "responder", "add", "--data", data, "--name", "Olena K", "--role", "admin");

        Assert.True(result.ExitCode == 0, result.ToString());
        var totp = result.Stdout.Trim();
        Assert.Matches(Base32Secret(), totp);
        Assert.Equal(20, Base32Encoding.ToBytes(totp).Length);
        Assert.DoesNotContain(Passphrase, result.Stdout + result.Stderr, StringComparison.Ordinal);

        var row = Assert.Single(await ReadRespondersAsync(data));
        Assert.Equal("Olena K", row["name"]);
        Assert.Equal("Admin", row["role"]);
        Assert.True(Convert.ToBoolean(row["active"], CultureInfo.InvariantCulture));
        Assert.Equal(16, Bytes(row, "kdf_salt").Length);
        Assert.Equal(32, Bytes(row, "verifier").Length);
        Assert.Equal(32, Bytes(row, "x25519_public_key").Length);
        Assert.Equal(32, Bytes(row, "ed25519_public_key").Length);
        var wrapped = Bytes(row, "wrapped_keys");
        Assert.True(wrapped.Length > 24 + 16 + 100, $"wrapped_keys is only {wrapped.Length} bytes");

        // No column holds the passphrase or the TOTP secret, in any form; neither does any file of the instance.
        var secrets = new List<string> { Passphrase, totp, totp.TrimEnd('='), totp.ToLowerInvariant() };
        var rawTotp = Base32Encoding.ToBytes(totp);
        foreach (var (column, value) in row)
        {
            if (value is string text)
            {
                Assert.All(secrets, s => Assert.DoesNotContain(s, text, StringComparison.OrdinalIgnoreCase));
            }
            else if (value is byte[] bytes)
            {
                Assert.All(secrets, s => Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(s)) < 0, $"{column} holds a secret"));
                Assert.True(bytes.AsSpan().IndexOf(rawTotp) < 0, $"{column} holds the raw TOTP key");
            }
        }

        Assert.Empty(PlaintextScan.Find(data, secrets));

        // The passphrase read from standard input (without its line break) is the one that opens the keys,
        // and the keys hold the TOTP secret that was printed (protocol.md, "Responders").
        var id = Assert.IsType<string>(row["id"]);
        using (var derived = PassphraseDerivation.Derive(Passphrase, Bytes(row, "kdf_salt")))
        {
            Assert.Equal(derived.Verifier, Bytes(row, "verifier"));
            Assert.True(KeyWrap.TryUnwrap(wrapped, derived.WrappingKey, id, out var keysJson), "The passphrase does not unwrap the responder's keys.");
            using var keys = JsonDocument.Parse(keysJson);
            Assert.Equal(totp, keys.RootElement.GetProperty("totp").GetString());
            using var box = X25519KeyPair.FromSecretKey(keys.RootElement.GetProperty("x25519").GetBytesFromBase64());
            Assert.Equal(Bytes(row, "x25519_public_key"), box.PublicKey);
            Array.Clear(keysJson);
        }

        using (var derived = PassphraseDerivation.Derive(Passphrase + "\n", Bytes(row, "kdf_salt")))
        {
            Assert.NotEqual(derived.Verifier, Bytes(row, "verifier"));
        }
    }

    [Fact]
    public async Task A_responder_added_with_the_CLI_logs_in_to_a_server_started_on_that_data_directory()
    {
        using var temp = new TempFolder();
        var data = await InitAsync(temp);
        var added = await CliRunner.RunWithInputAsync(Passphrase + "\n", "responder", "add", "--data", data, "--name", "Olena K", "--role", "admin");
        Assert.True(added.ExitCode == 0, added.ToString());
        var totp = added.Stdout.Trim();

        var app = await HavenApp.BuildAsync(["--data", data, "--urls", "http://127.0.0.1:0", .. TestDatabases.HostSettings(data)]);
        try
        {
            await app.StartAsync();
            using var client = new HavenClient(new Uri(app.Urls.First()), "en");

            var wrong = await client.LoginAsync("Olena K", Passphrase + "x", TotpCodes.Compute(totp, DateTimeOffset.UtcNow));
            Assert.NotEqual("/desk", wrong.Location.AbsolutePath);

            var login = await client.LoginAsync("Olena K", Passphrase, TotpCodes.Compute(totp, DateTimeOffset.UtcNow));
            Assert.Equal("/desk", login.Location.AbsolutePath);
            Assert.Empty(await client.InboxCaseIdsAsync());
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Responder_add_refuses_a_passphrase_shorter_than_12_characters()
    {
        using var temp = new TempFolder();
        var data = await InitAsync(temp);

        foreach (var stdin in new[] { "", "\n", "eleven-char\n", "           \n" })
        {
            var result = await CliRunner.RunWithInputAsync(stdin, "responder", "add", "--data", data, "--name", "Olena K", "--role", "admin");
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("at least 12 characters", result.Stderr, StringComparison.Ordinal);
            CliInitTests.AssertClearError(result);
            Assert.Equal("", result.Stdout);
        }

        Assert.Empty(await ReadRespondersAsync(data));

        var twelve = await CliRunner.RunWithInputAsync("twelve-chars\n", "responder", "add", "--data", data, "--name", "Olena K", "--role", "admin");
        Assert.True(twelve.ExitCode == 0, twelve.ToString());
        Assert.Single(await ReadRespondersAsync(data));
    }

    [Fact]
    public async Task Responder_add_takes_a_role_by_its_name_only()
    {
        using var temp = new TempFolder();
        var data = await InitAsync(temp);

        // The framework's enum parser would read a list as flags (1 | 2 is Analyst), a number, or a name with spaces.
        foreach (var role in new[] { "coordinator, caseworker", "Coordinator,Caseworker", "3", " analyst", "nobody" })
        {
            var result = await CliRunner.RunWithInputAsync(Passphrase + "\n", "responder", "add", "--data", data, "--name", "Olena K", "--role", role);
            Assert.True(result.ExitCode != 0, $"--role '{role}' was taken: {result}");
            Assert.Contains("--role", result.Stderr, StringComparison.Ordinal);
        }

        Assert.Empty(await ReadRespondersAsync(data));

        var named = await CliRunner.RunWithInputAsync(Passphrase + "\n", "responder", "add", "--data", data, "--name", "Olena K", "--role", "Coordinator");
        Assert.True(named.ExitCode == 0, named.ToString());
        Assert.Equal("Coordinator", Assert.Single(await ReadRespondersAsync(data))["role"]);
    }

    [Fact]
    public async Task Responder_add_refuses_a_name_already_taken_and_keeps_the_first_account()
    {
        using var temp = new TempFolder();
        var data = await InitAsync(temp);
        var first = await CliRunner.RunWithInputAsync(Passphrase + "\n", "responder", "add", "--data", data, "--name", "Olena K", "--role", "admin");
        Assert.True(first.ExitCode == 0, first.ToString());
        var before = Assert.Single(await ReadRespondersAsync(data));

        var second = await CliRunner.RunWithInputAsync("another long passphrase\n", "responder", "add", "--data", data, "--name", "Olena K", "--role", "caseworker");
        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains("already exists", second.Stderr, StringComparison.Ordinal);
        CliInitTests.AssertClearError(second);
        Assert.Equal("", second.Stdout);

        // Leading and trailing spaces are trimmed from names, so this is the same name too.
        var spaced = await CliRunner.RunWithInputAsync("another long passphrase\n", "responder", "add", "--data", data, "--name", " Olena K ", "--role", "caseworker");
        Assert.NotEqual(0, spaced.ExitCode);
        Assert.Equal("", spaced.Stdout);

        var after = Assert.Single(await ReadRespondersAsync(data));
        Assert.Equal(before["id"], after["id"]);
        Assert.Equal("Admin", after["role"]);
        Assert.Equal(Bytes(before, "wrapped_keys"), Bytes(after, "wrapped_keys"));
    }

    [Fact]
    public async Task Responder_add_refuses_invisible_characters_and_a_name_that_looks_like_an_existing_one()
    {
        using var temp = new TempFolder();
        var data = await InitAsync(temp);
        var first = await CliRunner.RunWithInputAsync(Passphrase + "\n", "responder", "add", "--data", data, "--name", "Olga", "--role", "admin");
        Assert.True(first.ExitCode == 0, first.ToString());

        // Zero-width space, right-to-left mark, left-to-right isolate, soft hyphen, a variation selector, a Hangul filler.
        foreach (var name in new[] { "Ol\u200Bga", "Olga\u200F", "\u2066Nadia", "Na\u00ADdia", "Nadia\uFE0F", "Nadia\u3164" })
        {
            var invisible = await CliRunner.RunWithInputAsync(Passphrase + "\n", "responder", "add", "--data", data, "--name", name, "--role", "caseworker");
            Assert.NotEqual(0, invisible.ExitCode);
            Assert.Contains("invisible", invisible.Stderr, StringComparison.Ordinal);
            CliInitTests.AssertClearError(invisible);
            Assert.Equal("", invisible.Stdout);
        }

        // Cyrillic "О" for Latin "O", Cyrillic "а" for Latin "a", and the same name in another case.
        foreach (var name in new[] { "\u041Elga", "Olg\u0430", "OLGA", "olga" })
        {
            var lookalike = await CliRunner.RunWithInputAsync(Passphrase + "\n", "responder", "add", "--data", data, "--name", name, "--role", "caseworker");
            Assert.NotEqual(0, lookalike.ExitCode);
            Assert.Contains("looks like the name of an existing responder", lookalike.Stderr, StringComparison.Ordinal);
            CliInitTests.AssertClearError(lookalike);
            Assert.Equal("", lookalike.Stdout);
        }

        Assert.Equal(["Olga"], (await ReadRespondersAsync(data)).Select(r => (string)r["name"]!));

        // A name in another script that looks like no existing name is welcome, and kept in composed form (NFC).
        var cyrillic = await CliRunner.RunWithInputAsync(Passphrase + "\n", "responder", "add", "--data", data, "--name", "\u041E\u043B\u044C\u0433\u0430", "--role", "caseworker");
        Assert.True(cyrillic.ExitCode == 0, cyrillic.ToString());
        var decomposed = await CliRunner.RunWithInputAsync(Passphrase + "\n", "responder", "add", "--data", data, "--name", "Jose\u0301", "--role", "caseworker");
        Assert.True(decomposed.ExitCode == 0, decomposed.ToString());
        Assert.Contains("Jos\u00E9", (await ReadRespondersAsync(data)).Select(r => (string)r["name"]!));
    }

    [Fact]
    public async Task Responder_add_without_an_instance_is_refused_and_creates_nothing()
    {
        using var temp = new TempFolder();
        var data = temp["data"];

        var result = await CliRunner.RunWithInputAsync(Passphrase + "\n", "responder", "add", "--data", data, "--name", "Olena K", "--role", "admin");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("haven init", result.Stderr, StringComparison.Ordinal);
        CliInitTests.AssertClearError(result);
        Assert.Equal("", result.Stdout);
        Assert.False(Directory.Exists(data));
    }

    internal static async Task<string> InitAsync(TempFolder temp)
    {
        var data = temp["data"];
        var init = await CliRunner.RunAsync("init", "--data", data, "--recovery-file", temp["recovery.txt"]);
        Assert.True(init.ExitCode == 0, init.ToString());
        return data;
    }

    /// <summary>Every column of every row of <c>responders</c>, read straight from the database.</summary>
    internal static async Task<List<Dictionary<string, object?>>> ReadRespondersAsync(string data)
    {
        await using var connection = await RawDatabase.OpenAsync(data, readOnly: true);
        await using var command = RawDatabase.Command(connection, "SELECT * FROM responders ORDER BY name");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = await reader.IsDBNullAsync(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static byte[] Bytes(Dictionary<string, object?> row, string column) => Assert.IsType<byte[]>(row[column]);

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z2-7]{32}$")]
    private static partial System.Text.RegularExpressions.Regex Base32Secret();
}
