using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Haven.Backup;
using Haven.Crypto;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Interop;

namespace Haven.Web.Tests.Backup;

/// <summary>
/// What <c>haven backup</c> and <c>haven restore</c> refuse: an existing output file, a wrong recovery secret,
/// a backup with any byte altered or cut short, a target that is not empty. Each refusal is one line with a
/// non-zero exit, and leaves the target exactly as it was.
/// </summary>
public sealed class BackupRefusalTests
{
    [Fact]
    public async Task A_wrong_key_a_flipped_byte_anywhere_or_a_cut_backup_is_refused_and_the_target_stays_empty()
    {
        await using var server = await HavenServer.StartAsync();
        using (var admin = server.CreateClient())
        {
            Assert.Equal("/desk", (await admin.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode())).Location.AbsolutePath);
            await BackupKit.SeedCaseAsync(server, admin, RandomId.New()[..8], new SentFile("a.bin", "application/octet-stream", SentFile.RandomBytes(150_000)));
        }

        using var temp = new TempFolder("haven-backup-test-");
        var file = temp["haven.backup"];
        var backup = await BackupKit.RunAsync("backup", "--data", server.DataPath, "--out", file);
        Assert.True(backup.ExitCode == 0, backup.ToString());
        var bytes = await File.ReadAllBytesAsync(file);
        var key = BackupKit.KeyFile(temp, server);
        var header = 16 + 80;

        // A recovery secret of another instance opens nothing.
        var wrong = temp.WriteSecretFile("wrong.txt", RecoverySecret.Format(RandomNumberGenerator.GetBytes(32)));
        await AssertRefusedAsync(temp, file, wrong, "the recovery secret does not open this backup");

        // One flipped bit in the magic line, the sealed key, the stream header, the first chunk, the middle and the last byte.
        foreach (var at in new[] { 3, 16 + 40, header + 5, header + 24 + 100, bytes.Length / 2, bytes.Length - 1 })
        {
            var altered = (byte[])bytes.Clone();
            altered[at] ^= 0x04;
            var path = temp[$"flipped-{at}.backup"];
            await File.WriteAllBytesAsync(path, altered);
            await AssertRefusedAsync(temp, path, key, at < 16 ? "not a Haven backup" : at < header ? "does not open this backup" : "damaged, cut short or altered");
        }

        // Cut anywhere: inside the header, right after it, at a chunk boundary, in the middle, one byte short.
        foreach (var length in new[] { 10, header + 10, header + 24, header + 24 + 65553, bytes.Length / 2, bytes.Length - 1 })
        {
            var path = temp[$"cut-{length}.backup"];
            await File.WriteAllBytesAsync(path, bytes[..length]);
            await AssertRefusedAsync(temp, path, key, length < 16 ? "not a Haven backup" : length < header ? "cut short" : "damaged, cut short or altered");
        }

        // Extended: bytes after the final chunk.
        var extended = temp["extended.backup"];
        await File.WriteAllBytesAsync(extended, [.. bytes, 0, 0, 0]);
        await AssertRefusedAsync(temp, extended, key, "damaged, cut short or altered");

        // And the intact backup still restores.
        var restored = temp["restored"];
        var restore = await BackupKit.RunAsync("restore", "--data", restored, "--from", file, "--recovery-key", key);
        Assert.True(restore.ExitCode == 0, restore.ToString());
    }

    [Fact]
    public async Task A_restore_refuses_a_target_that_holds_an_instance_blobs_or_tables_and_changes_nothing_there()
    {
        await using var server = await HavenServer.StartAsync();
        using (var responder = server.CreateClient())
        {
            await CaseScenario.WriteAsync(server, responder, new CaseTexts("Request", ["legal"], "", "Reply", null));
        }

        using var temp = new TempFolder("haven-backup-test-");
        var file = temp["haven.backup"];
        Assert.Equal(0, (await BackupKit.RunAsync("backup", "--data", server.DataPath, "--out", file)).ExitCode);
        var key = BackupKit.KeyFile(temp, server);

        // The live instance itself: its key file, database and blobs stay as they were.
        await server.StopAsync();
        var records = await BackupKit.CountAsync(server.DataPath, "records");
        var keyBytes = await File.ReadAllBytesAsync(Path.Combine(server.DataPath, "instance.key"));
        var onLive = await BackupKit.RunAsync("restore", "--data", server.DataPath, "--from", file, "--recovery-key", key);
        AssertOneLine(onLive, "already holds a Haven instance");
        Assert.Equal(records, await BackupKit.CountAsync(server.DataPath, "records"));
        Assert.Equal(keyBytes, await File.ReadAllBytesAsync(Path.Combine(server.DataPath, "instance.key")));

        // A directory with blobs but nothing else.
        var withBlobs = temp["with-blobs"];
        Directory.CreateDirectory(Path.Combine(withBlobs, "blobs"));
        await File.WriteAllTextAsync(Path.Combine(withBlobs, "blobs", RandomId.New()), "x");
        AssertOneLine(await BackupKit.RunAsync("restore", "--data", withBlobs, "--from", file, "--recovery-key", key), "is not empty");
        Assert.Single(Directory.GetFiles(Path.Combine(withBlobs, "blobs")));
        Assert.False(File.Exists(Path.Combine(withBlobs, "instance.key")));

        // A database that already has tables (migrated, no key file): nothing is added to it.
        var migrated = temp["migrated"];
        Assert.Equal(0, (await BackupKit.RunAsync("migrate", "--data", migrated)).ExitCode);
        var checklist = await BackupKit.CountAsync(migrated, "checklist_items");
        AssertOneLine(await BackupKit.RunAsync("restore", "--data", migrated, "--from", file, "--recovery-key", key), "already holds tables");
        Assert.Equal(0, await BackupKit.CountAsync(migrated, "cases"));
        Assert.Equal(checklist, await BackupKit.CountAsync(migrated, "checklist_items"));
        Assert.False(File.Exists(Path.Combine(migrated, "instance.key")));

        // A backup file that does not exist, and a key file that holds no secret.
        AssertOneLine(await BackupKit.RunAsync("restore", "--data", temp["t1"], "--from", temp["missing.backup"], "--recovery-key", key), "does not exist");
        var notASecret = temp.WriteSecretFile("not-a-secret.txt", "hello");
        AssertOneLine(await BackupKit.RunAsync("restore", "--data", temp["t2"], "--from", file, "--recovery-key", notASecret), "does not hold a recovery secret");
        await BackupKit.AssertEmptyAsync(temp["t1"]);
        await BackupKit.AssertEmptyAsync(temp["t2"]);
    }

    [Fact]
    public async Task A_backup_never_overwrites_a_file_and_needs_an_instance()
    {
        await using var server = await HavenServer.StartAsync();
        using var temp = new TempFolder("haven-backup-test-");
        var existing = temp["existing.backup"];
        await File.WriteAllTextAsync(existing, "precious");

        AssertOneLine(await BackupKit.RunAsync("backup", "--data", server.DataPath, "--out", existing), "already exists; refusing to overwrite it");
        Assert.Equal("precious", await File.ReadAllTextAsync(existing));

        AssertOneLine(await BackupKit.RunAsync("backup", "--data", server.DataPath, "--out", Path.Combine(temp["no-such-folder"], "x.backup")), "cannot create");
        Assert.False(Directory.Exists(temp["no-such-folder"]));

        Directory.CreateDirectory(temp["empty"]);
        AssertOneLine(await BackupKit.RunAsync("backup", "--data", temp["empty"], "--out", temp["empty.backup"]), "holds no Haven instance");
        Assert.False(File.Exists(temp["empty.backup"]));

        // A restore does not accept a backup given as a plain file of something else either.
        var notABackup = temp["not-a.backup"];
        await File.WriteAllBytesAsync(notABackup, Encoding.ASCII.GetBytes("haven-backup-v2\nwhatever"));
        AssertOneLine(await BackupKit.RunAsync("restore", "--data", temp["t"], "--from", notABackup, "--recovery-key", BackupKit.KeyFile(temp, server)), "not a Haven backup");
        await BackupKit.AssertEmptyAsync(temp["t"]);
    }

    [Fact]
    public async Task A_backup_whose_tables_differ_from_this_version_is_refused_even_when_it_decrypts()
    {
        await using var server = await HavenServer.StartAsync();
        using (var responder = server.CreateClient())
        {
            await CaseScenario.WriteAsync(server, responder, new CaseTexts("Request", ["legal"], "", "Reply", null));
        }

        using var temp = new TempFolder("haven-backup-test-");
        var file = temp["haven.backup"];
        Assert.Equal(0, (await BackupKit.RunAsync("backup", "--data", server.DataPath, "--out", file)).ExitCode);
        var key = BackupKit.KeyFile(temp, server);
        var bytes = await File.ReadAllBytesAsync(file);

        // Anyone who knows the recovery public key can seal a backup (protocol.md): these decrypt, and are still refused.
        var rewritten = new Dictionary<string, Func<string, byte[], IEnumerable<(string, byte[])>>>
        {
            ["a column more"] = (name, data) => [(name, name.StartsWith("tables/cases/", StringComparison.Ordinal) ? AddColumn(data) : data)],
            ["a table more"] = (name, data) => name == "manifest.json" ? [("tables/zz_future/000001.jsonl", "{\"id\":1}\n"u8.ToArray()), (name, data)] : [(name, data)],
            ["a value of another type"] = (name, data) => [(name, name.StartsWith("tables/cases/", StringComparison.Ordinal) ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(data).Replace("\"urgency\":0", "\"urgency\":\"now\"", StringComparison.Ordinal)) : data)],
            ["a row fewer than the manifest says"] = (name, data) => [(name, name.StartsWith("tables/audit_entries/", StringComparison.Ordinal) ? DropFirstLine(data) : data)],
        };
        foreach (var (what, change) in rewritten)
        {
            var path = temp[$"{what}.backup"];
            await File.WriteAllBytesAsync(path, await RewriteAsync(bytes, server.RecoverySecretKey, change));
            await AssertRefusedAsync(temp, path, key, what.StartsWith("a row", StringComparison.Ordinal) ? "damaged, cut short or altered" : "tables differ from this version's");
        }

        // Rewritten without a change, it restores: the refusals above come from the changes alone.
        var same = temp["same.backup"];
        await File.WriteAllBytesAsync(same, await RewriteAsync(bytes, server.RecoverySecretKey, (name, data) => [(name, data)]));
        var restore = await BackupKit.RunAsync("restore", "--data", temp["restored"], "--from", same, "--recovery-key", key);
        Assert.True(restore.ExitCode == 0, restore.ToString());

        static byte[] AddColumn(byte[] jsonl) => Encoding.UTF8.GetBytes(string.Concat(Encoding.UTF8.GetString(jsonl).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..^1] + ",\"future\":1}\n")));

        static byte[] DropFirstLine(byte[] jsonl) => jsonl[(Array.IndexOf(jsonl, (byte)'\n') + 1)..];
    }

    /// <summary>Decrypts a backup, changes its entries, and encrypts it again to the same recovery key, as anyone could.</summary>
    private static async Task<byte[]> RewriteAsync(byte[] backup, byte[] recoverySecret, Func<string, byte[], IEnumerable<(string Name, byte[] Data)>> change)
    {
        using var recovery = X25519KeyPair.FromSecretKey(recoverySecret);
        using var input = new MemoryStream(backup);
        var key = await BackupFormat.ReadHeaderAsync(input, recovery, CancellationToken.None);
        await using var plain = BackupCipher.Decrypt(input, key);
        using var output = new MemoryStream();
        var newKey = BackupCipher.NewKey();
        await BackupFormat.WriteHeaderAsync(output, SealedBox.Seal(newKey, recovery.PublicKey), CancellationToken.None);
        using var encryptor = BackupCipher.Encrypt(output, newKey);
        await using var payload = new EncryptingStream(encryptor);
        await using (var reader = new TarReader(plain))
        await using (var writer = new TarWriter(payload, leaveOpen: true))
        {
            while (await reader.GetNextEntryAsync() is { } entry)
            {
                using var data = new MemoryStream();
                if (entry.DataStream is not null)
                {
                    await entry.DataStream.CopyToAsync(data);
                }

                foreach (var (name, bytes) in change(entry.Name, data.ToArray()))
                {
                    using var stream = new MemoryStream(bytes);
                    await writer.WriteEntryAsync(BackupFormat.Entry(name, stream));
                }
            }
        }

        await payload.CompleteAsync(CancellationToken.None);
        return output.ToArray();
    }

    /// <summary>The restore fails with one line naming the reason, and the fresh target it was given stays empty.</summary>
    private static async Task AssertRefusedAsync(TempFolder temp, string backup, string keyFile, string reason)
    {
        var target = temp["target-" + RandomId.New()[..8]];
        var result = await BackupKit.RunAsync("restore", "--data", target, "--from", backup, "--recovery-key", keyFile);
        AssertOneLine(result, reason);
        await BackupKit.AssertEmptyAsync(target);
    }

    private static void AssertOneLine(CliResult result, string reason)
    {
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Equal("", result.Stdout);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("haven: ", line, StringComparison.Ordinal);
        Assert.Contains(reason, line, StringComparison.Ordinal);
        CliInitTests.AssertClearError(result);
    }
}
