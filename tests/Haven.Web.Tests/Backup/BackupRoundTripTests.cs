using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Tests;
using Haven.Web.Tests.Canary;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Interop;

namespace Haven.Web.Tests.Backup;

/// <summary>
/// <c>haven backup</c> of a running server that keeps being written to, and <c>haven restore</c> of it into a
/// fresh directory: the restored instance serves the person's receipt, verifies its audit log, and decrypts
/// to exactly what was acknowledged before the backup began.
/// </summary>
public sealed class BackupRoundTripTests
{
    [Fact]
    public async Task A_backup_taken_while_people_write_restores_into_a_working_instance_with_everything_acknowledged_before_it()
    {
        // The people below write as fast as the server answers: the per-case throttle would refuse them (and
        // the last message, which must be accepted), so it is lifted; this test is about backups.
        await using var server = await HavenServer.StartAsync("--Haven:Throttle:Submissions:MessagesPerCaseBurst=100000", "--Haven:Throttle:Submissions:MessagesPerCasePerMinute=100000");
        using var temp = new TempFolder("haven-backup-test-");
        var tag = RandomId.New()[..10];
        using var admin = server.CreateClient();
        var login = await admin.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        Assert.Equal("/desk", login.Location.AbsolutePath);

        var first = await BackupKit.SeedCaseAsync(server, admin, tag + "-1", new SentFile($"photo {tag}.jpg", "image/jpeg", SentFile.RandomBytes(200_000, Encoding.UTF8.GetBytes($"PHOTO-{tag}"))));
        var second = await BackupKit.SeedCaseAsync(server, admin, tag + "-2", new SentFile($"video {tag}.mp4", "video/mp4", SentFile.RandomBytes((3 * 65536) + 5)), new SentFile($"empty {tag}", "text/plain", []));

        // People keep writing while the backup runs: follow-ups in the first case, new requests with a file.
        using var stop = new CancellationTokenSource();
        var acknowledged = new ConcurrentQueue<string>();
        using var follower = server.CreateClient();
        Assert.Equal("/conversation", (await follower.ReturnAsync(first.Receipt)).Location.AbsolutePath);
        var followUps = Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var text = $"Follow-up {tag} #{n}";
                if ((await follower.SendMessageAsync(text)).Status == HttpStatusCode.OK)
                {
                    acknowledged.Enqueue(text);
                }
            }
        });
        var newcomers = Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                using var person = server.CreateClient();
                await person.AskForHelpAsync();
                var text = $"Newcomer {tag} #{n}";
                var sent = await person.SubmitRequestWithFilesAsync(text, [new SentFile($"n{n}.bin", "application/octet-stream", SentFile.RandomBytes(70_000)).ToPart()]);
                if (sent.Status == HttpStatusCode.OK)
                {
                    acknowledged.Enqueue(text);
                }
            }
        });
        await Eventually.UntilAsync("three newcomers acknowledged", () => acknowledged.Count >= 3, deadline: TimeSpan.FromSeconds(60), state: () => $"{acknowledged.Count} acknowledged");

        var before = acknowledged.ToHashSet(StringComparer.Ordinal);
        var backupFile = temp["haven.backup"];
        var backup = await BackupKit.RunAsync("backup", "--data", server.DataPath, "--out", backupFile);
        var countAfterBackup = acknowledged.Count;
        await Eventually.UntilAsync("two more newcomers acknowledged after the backup", () => acknowledged.Count >= countAfterBackup + 2, deadline: TimeSpan.FromSeconds(60), state: () => $"{acknowledged.Count - countAfterBackup} since the backup");

        await stop.CancelAsync();
        await Task.WhenAll(followUps, newcomers);

        // Written after the backup returned: never in it.
        var late = $"Written after the backup {tag}";
        Assert.Equal(HttpStatusCode.OK, (await follower.SendMessageAsync(late)).Status);
        Assert.True(backup.ExitCode == 0, backup.ToString());
        Assert.Matches(@"^Backup of \d{4}-\d{2}-\d{2}: \d+ cases, \d+ records, \d+ files \(\d+ bytes of blobs\) written to ", backup.Stdout);
        Assert.Equal("", backup.Stderr);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backupFile));
        }

        // Restore into a directory that does not exist yet, then run a server on it.
        var keyFile = BackupKit.KeyFile(temp, server);
        var restoredPath = temp["restored"];
        var restore = await BackupKit.RunAsync("restore", "--data", restoredPath, "--from", backupFile, "--recovery-key", keyFile);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.StartsWith("Restored the backup of ", restore.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(restoredPath, "instance.key")));
        Assert.Empty(Directory.GetDirectories(restoredPath, ".restore-*"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(restoredPath, "instance.key")));
            foreach (var blob in Directory.GetFiles(Path.Combine(restoredPath, "blobs")))
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(blob));
            }
        }

        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(server.DataPath, "instance.key")), await File.ReadAllBytesAsync(Path.Combine(restoredPath, "instance.key")));
        await BackupKit.AssertConsistentAsync(restoredPath);

        // The audit log verifies: it is the original's up to the snapshot, then the restore, signed by the instance.
        var verify = await BackupKit.RunAsync("audit", "verify", "--data", restoredPath);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        await server.StopAsync();
        var restoredChain = await BackupKit.AuditChainAsync(restoredPath);
        var originalChain = await BackupKit.AuditChainAsync(server.DataPath);
        var day = backup.Stdout["Backup of ".Length..][..10];
        Assert.Equal(("system", "instance.restored", day), (restoredChain[^1].Actor, restoredChain[^1].Action, restoredChain[^1].Subject));
        Assert.Equal(originalChain.Take(restoredChain.Count - 1), restoredChain.SkipLast(1));
        Assert.True(originalChain.Count > restoredChain.Count - 1, "Nothing was written after the backup's snapshot.");

        // Decrypted, the restored instance holds exactly records of the original, and every one acknowledged before the backup.
        var original = await BackupKit.DecryptAsync(server.DataPath, keyFile, temp["plain-original"]);
        var restored = await BackupKit.DecryptAsync(restoredPath, keyFile, temp["plain-restored"]);
        foreach (var (id, record) in restored)
        {
            Assert.True(original.TryGetValue(id, out var same), $"record {id} is not in the original");
            Assert.Equal(same, record with { Files = same.Files });
            Assert.Equal(same.Files.Select(f => (f.Id, f.Sha256)), record.Files.Select(f => (f.Id, f.Sha256)));
            Assert.All(record.Files, f => Assert.True(f.Verified, $"file {f.Id} does not match its SHA-256"));
        }

        var texts = restored.Values.Select(r => System.Text.Json.JsonDocument.Parse(r.Content).RootElement.GetProperty("text").GetString()!).ToHashSet(StringComparer.Ordinal);
        Assert.All(before, t => Assert.Contains(t, texts));
        Assert.DoesNotContain(late, texts);
        Assert.Contains(original.Values, r => r.Content.Contains(late, StringComparison.Ordinal));
        foreach (var seeded in new[] { first, second })
        {
            Assert.Contains(seeded.Request, texts);
            Assert.Contains(seeded.Reply, texts);
            var files = restored.Values.Where(r => r.CaseId == seeded.CaseId).SelectMany(r => r.Files).Select(f => f.Sha256).ToList();
            Assert.Equal(seeded.Files.Select(f => f.Sha256).Order(StringComparer.Ordinal), files.Order(StringComparer.Ordinal));
        }

        // The restored instance works: the person's receipt opens the conversation with the reply, a new request
        // can be made (new key seals after the restored ones), and the administrator logs in.
        await using var again = await HavenServer.StartOnAsync(restoredPath);
        using (var person = again.CreateClient())
        {
            Assert.Equal("/conversation", (await person.ReturnAsync(second.Receipt)).Location.AbsolutePath);
            var conversation = await person.GetAsync("/conversation");
            Assert.Contains(second.Reply, WebUtility.HtmlDecode(conversation.Html), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await person.SendMessageAsync($"After the restore {tag}")).Status);
        }

        using (var newcomer = again.CreateClient())
        {
            await newcomer.AskForHelpAsync();
            var sent = await newcomer.SubmitRequestAsync($"First request after the restore {tag}");
            Assert.EndsWith("/sent", sent.Location.AbsolutePath, StringComparison.Ordinal);
        }

        again.Clock.Advance(TimeSpan.FromMinutes(5));
        using (var desk = again.CreateClient())
        {
            var code = TotpCodes.Compute(server.AdminTotpSecret, again.Clock.GetUtcNow());
            Assert.Equal("/desk", (await desk.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, code)).Location.AbsolutePath);
            Assert.Contains(first.CaseId, await desk.InboxCaseIdsAsync());
        }

        await again.StopAsync();
        var afterUse = await BackupKit.RunAsync("audit", "verify", "--data", restoredPath);
        Assert.True(afterUse.ExitCode == 0, afterUse.ToString());
    }

    [Fact]
    public async Task A_backup_holds_nothing_anyone_wrote_in_the_clear_and_can_go_to_standard_output()
    {
        var ascii = "CANARY" + RandomId.New()[..12];
        var cyrillic = "канарейка" + RandomId.New()[..8];
        var texts = new CaseTexts(
            Request: $"{ascii} нас четверо {cyrillic}",
            Help: ["evacuation"],
            Contact: $"Signal {ascii}-contact {cyrillic}",
            Reply: $"{ascii}-reply оставайтесь {cyrillic}",
            FollowUp: $"{ascii}-follow-up {cyrillic}");
        await using var server = await HavenServer.StartAsync();
        WrittenCase written;
        using (var responder = server.CreateClient())
        {
            written = await CaseScenario.WriteAsync(server, responder, texts);
        }

        using var temp = new TempFolder("haven-backup-test-");
        string[] secrets = [ascii, cyrillic, texts.Request, texts.Contact, texts.Reply, texts.FollowUp!, written.Receipt, HavenServer.AdminPassphrase, server.AdminTotpSecret];
        using var piped = new MemoryStream();
        var backup = await BackupKit.RunAsync(null, piped, "backup", "--data", server.DataPath, "--out", "-");
        Assert.True(backup.ExitCode == 0, backup.ToString());
        Assert.Equal("", backup.Stdout);
        Assert.Contains("written to standard output", backup.Stderr, StringComparison.Ordinal);
        var file = temp["piped.backup"];
        await File.WriteAllBytesAsync(file, piped.ToArray());
        Assert.StartsWith("haven-backup-v1\n", Encoding.ASCII.GetString(piped.ToArray(), 0, 16), StringComparison.Ordinal);

        var hits = PlaintextScan.FindIn([file], secrets);
        Assert.True(hits.Count == 0, "Plaintext in the backup:\n" + string.Join('\n', hits));

        var restored = temp["restored"];
        var restore = await BackupKit.RunAsync("restore", "--data", restored, "--from", file, "--recovery-key", BackupKit.KeyFile(temp, server));
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Contains(": 1 cases, 3 records, 0 files.", restore.Stdout, StringComparison.Ordinal);

        // Nothing readable was left behind by the restore either (the database holds ciphertext only).
        var left = PlaintextScan.FindIn(PlaintextScan.Files(restored), secrets);
        Assert.True(left.Count == 0, "Plaintext in the restored directory:\n" + string.Join('\n', left));
    }
}
