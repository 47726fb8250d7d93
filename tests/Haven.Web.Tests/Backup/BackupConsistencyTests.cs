using System.Net;
using System.Text;
using System.Text.Json;
using Haven.Backup;
using Haven.Storage;
using Haven.Tests;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Interop;
using Microsoft.Extensions.DependencyInjection;
using RetentionPurge = Haven.Retention.PurgeCommand;

namespace Haven.Web.Tests.Backup;

/// <summary>
/// A case purged while a backup runs is left out whole; a backup moves an instance between SQLite and
/// PostgreSQL; and the format is what protocol.md says: a PyNaCl script that shares no code with Haven opens it.
/// </summary>
public sealed class BackupConsistencyTests
{
    [Fact]
    public async Task A_case_purged_after_the_snapshot_is_left_out_whole_and_the_rest_restores_consistently()
    {
        await using var server = await HavenServer.StartAsync();
        SeededCase purged, kept;
        using (var admin = server.CreateClient())
        {
            Assert.Equal("/desk", (await admin.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode())).Location.AbsolutePath);
            purged = await BackupKit.SeedCaseAsync(server, admin, "purged", new SentFile("p.bin", "application/octet-stream", SentFile.RandomBytes(5000)));
            kept = await BackupKit.SeedCaseAsync(server, admin, "kept", new SentFile("k.bin", "application/octet-stream", SentFile.RandomBytes(5000)));
        }

        using var temp = new TempFolder("haven-backup-test-");
        var file = temp["haven.backup"];
        var today = DateOnly.FromDateTime(server.Clock.GetUtcNow().UtcDateTime);
        var command = new BackupCommand(server.Data, server.Clock)
        {
            // Right after the snapshot, the retention purge deletes the first case: its rows (which the snapshot
            // still sees) and its blobs (which the backup has not read yet).
            SnapshotTaken = async cancellationToken =>
            {
                await using (var connection = await RawDatabase.OpenAsync(server.DataPath))
                await using (var idle = RawDatabase.Command(connection, "UPDATE cases SET last_activity_on = @day WHERE id = @id", ("day", today.AddDays(-400)), ("id", purged.CaseId)))
                {
                    Assert.Equal(1, await idle.ExecuteNonQueryAsync(cancellationToken));
                }

                var result = await server.Services.GetRequiredService<RetentionPurge>().ExecuteAsync(today, dryRun: false, cancellationToken);
                Assert.Equal(1, result.Cases);

                // SQLite: the snapshot holds the write-ahead log, so it cannot be truncated now; the purge gives up
                // quickly instead of holding writers off, and leaves it to the next one (below).
                Assert.Equal(!server.Data.IsSqlite, result.Checkpointed);
            },
        };
        BackupResult done;
        await using (var output = new FileStream(file, FileMode.CreateNew))
        {
            done = await command.ExecuteAsync(output, CancellationToken.None);
        }

        if (server.Data.IsSqlite)
        {
            // The next purge, with nothing to delete, truncates the log the snapshot held.
            var next = await server.Services.GetRequiredService<RetentionPurge>().ExecuteAsync(today, dryRun: false, CancellationToken.None);
            Assert.Equal((0, true), (next.Cases, next.Checkpointed));
            Assert.Equal(0, new FileInfo(server.Data.DatabaseFile + "-wal").Length);
        }

        Assert.Equal(1, done.CasesLeftOut);
        Assert.Equal(1, done.Rows("cases"));
        Assert.Equal(2, done.Blobs);

        var key = BackupKit.KeyFile(temp, server);
        var restored = temp["restored"];
        var restore = await BackupKit.RunAsync("restore", "--data", restored, "--from", file, "--recovery-key", key);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        await BackupKit.AssertConsistentAsync(restored);
        var records = await BackupKit.DecryptAsync(restored, key, temp["plain"]);
        Assert.Equal([kept.CaseId], records.Values.Select(r => r.CaseId).Distinct());
        Assert.Equal(2, records.Count);
        Assert.Equal(kept.Files.Select(f => f.Sha256).Order(StringComparer.Ordinal), records.Values.SelectMany(r => r.Files).Select(f => f.Sha256).Order(StringComparer.Ordinal));

        // Nothing of the purged case is in the backup at all, not even the rows the snapshot held.
        foreach (var table in new[] { "cases", "records", "case_key_seals", "sources", "files" })
        {
            await using var connection = await RawDatabase.OpenAsync(restored);
            await using var count = RawDatabase.Command(connection, $"SELECT COUNT(*) FROM {table} WHERE {(table == "cases" ? "id" : "case_id")} = @id", ("id", purged.CaseId));
            Assert.Equal(0L, Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }

        var verify = await BackupKit.RunAsync("audit", "verify", "--data", restored);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task A_PyNaCl_script_following_protocol_md_opens_a_backup_and_finds_it_intact()
    {
        await PyNaClScript.EnsureAvailableAsync();
        await using var server = await HavenServer.StartAsync();
        using (var admin = server.CreateClient())
        {
            Assert.Equal("/desk", (await admin.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode())).Location.AbsolutePath);
            await BackupKit.SeedCaseAsync(server, admin, "pynacl", new SentFile("big.bin", "application/octet-stream", SentFile.RandomBytes((2 * 1024 * 1024) + 3)));
        }

        using var temp = new TempFolder("haven-backup-test-");
        var file = temp["haven.backup"];
        Assert.Equal(0, (await BackupKit.RunAsync("backup", "--data", server.DataPath, "--out", file)).ExitCode);
        var key = BackupKit.KeyFile(temp, server);
        var script = Path.Combine(AppContext.BaseDirectory, "interop", "backup.py");

        var opened = await PyNaClScript.RunAsync([script, "--backup", file, "--recovery-key", key, "--out", temp["out"]]);

        Assert.True(opened.ExitCode == 0, opened.ToString());
        Assert.Matches(@"^backup of \d{4}-\d{2}-\d{2} from (sqlite|postgres): 1 cases, 2 records, 2 blobs; intact$", opened.Stdout.Trim());
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(server.DataPath, "instance.key")), await File.ReadAllBytesAsync(temp[Path.Combine("out", "instance.key")]));
        foreach (var blob in Directory.GetFiles(Path.Combine(server.DataPath, "blobs")))
        {
            Assert.Equal(await File.ReadAllBytesAsync(blob), await File.ReadAllBytesAsync(temp[Path.Combine("out", "blobs", Path.GetFileName(blob))]));
        }

        using var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(temp[Path.Combine("out", "manifest.json")]));
        Assert.Equal(1, manifest.RootElement.GetProperty("format").GetInt32());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", manifest.RootElement.GetProperty("created_on").GetString()!);
        foreach (var table in manifest.RootElement.GetProperty("tables").EnumerateArray())
        {
            Assert.Equal(await BackupKit.CountAsync(server.DataPath, table.GetProperty("name").GetString()!), table.GetProperty("rows").GetInt64());
        }

        // The script refuses what Haven refuses: one byte altered near the end.
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[^30] ^= 1;
        await File.WriteAllBytesAsync(temp["altered.backup"], bytes);
        var altered = await PyNaClScript.RunAsync([script, "--backup", temp["altered.backup"], "--recovery-key", key, "--out", temp["out-altered"]]);
        Assert.NotEqual(0, altered.ExitCode);
    }

    [PostgresFact]
    public async Task A_backup_moves_an_instance_from_PostgreSQL_to_SQLite_and_back_and_it_keeps_working()
    {
        await using var server = await HavenServer.StartAsync();
        SeededCase seeded;
        using (var admin = server.CreateClient())
        {
            Assert.Equal("/desk", (await admin.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode())).Location.AbsolutePath);
            seeded = await BackupKit.SeedCaseAsync(server, admin, "moved", new SentFile("m.bin", "application/octet-stream", SentFile.RandomBytes(70_000, Encoding.UTF8.GetBytes("MOVED"))));
        }

        using var temp = new TempFolder("haven-backup-test-");
        var key = BackupKit.KeyFile(temp, server);
        var fromPostgres = temp["from-postgres.backup"];
        Assert.Equal(0, (await BackupKit.RunAsync("backup", "--data", server.DataPath, "--out", fromPostgres)).ExitCode);

        var sqlite = temp["sqlite"];
        var toSqlite = await BackupKit.RunAsync(DatabaseSettings.Sqlite, null, "restore", "--data", sqlite, "--from", fromPostgres, "--recovery-key", key);
        Assert.True(toSqlite.ExitCode == 0, toSqlite.ToString());
        Assert.Contains("(from postgres to sqlite)", toSqlite.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(sqlite, "haven.db")));
        var verifySqlite = await BackupKit.RunAsync(DatabaseSettings.Sqlite, null, "audit", "verify", "--data", sqlite);
        Assert.True(verifySqlite.ExitCode == 0, verifySqlite.ToString());

        var fromSqlite = temp["from-sqlite.backup"];
        Assert.Equal(0, (await BackupKit.RunAsync(DatabaseSettings.Sqlite, null, "backup", "--data", sqlite, "--out", fromSqlite)).ExitCode);
        var postgres = temp["postgres"];
        var toPostgres = await BackupKit.RunAsync("restore", "--data", postgres, "--from", fromSqlite, "--recovery-key", key);
        Assert.True(toPostgres.ExitCode == 0, toPostgres.ToString());
        Assert.Contains("(from sqlite to postgres)", toPostgres.Stdout, StringComparison.Ordinal);

        await server.StopAsync();
        var original = await BackupKit.DecryptAsync(server.DataPath, key, temp["plain-original"]);
        var viaSqlite = await BackupKit.DecryptAsync(sqlite, key, temp["plain-sqlite"], DatabaseSettings.Sqlite);
        var back = await BackupKit.DecryptAsync(postgres, key, temp["plain-back"]);
        Assert.Equal(Flatten(original), Flatten(viaSqlite));
        Assert.Equal(Flatten(original), Flatten(back));

        // On PostgreSQL again, the identity sequences continue after the restored ids: new cases get new seals.
        await using var again = await HavenServer.StartOnAsync(postgres);
        using (var person = again.CreateClient())
        {
            Assert.Equal("/conversation", (await person.ReturnAsync(seeded.Receipt)).Location.AbsolutePath);
            Assert.Contains(seeded.Reply, WebUtility.HtmlDecode((await person.GetAsync("/conversation")).Html), StringComparison.Ordinal);
        }

        for (var i = 0; i < 2; i++)
        {
            using var newcomer = again.CreateClient();
            await newcomer.AskForHelpAsync();
            Assert.EndsWith("/sent", (await newcomer.SubmitRequestAsync($"After the move {i}")).Location.AbsolutePath, StringComparison.Ordinal);
        }

        await again.StopAsync();
        var verify = await BackupKit.RunAsync("audit", "verify", "--data", postgres);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    private static List<string> Flatten(Dictionary<string, DecryptedRecord> records) =>
        [.. records.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value.CaseId} {r.Value.Kind} {r.Value.Content} {string.Join(',', r.Value.Files.Select(f => f.Sha256 + f.Verified))}")];
}

/// <summary>A test that needs PostgreSQL as well as SQLite: it runs in the PostgreSQL run (HAVEN_TEST_POSTGRES) and is skipped otherwise.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabases.Postgres)
        {
            Skip = "Moves an instance between SQLite and PostgreSQL; runs when HAVEN_TEST_POSTGRES names a server (test.sh).";
        }
    }
}
