using System.Net.Http.Headers;
using System.Text.Json;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Load;
using Haven.Tests;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Faults;

/// <summary>
/// The server process is killed hard (SIGKILL) in the middle of a load of people writing, a responder
/// working and a large upload streaming in, then started again: every submission the server acknowledged is
/// still there and decrypts with the recovery key, the database passes its integrity check, the unfinished
/// upload left no blob behind, and people carry on with their receipts.
/// </summary>
public sealed class KillDuringLoadTests
{
    private static readonly string[] Unthrottled =
    [
        "--Haven:Throttle:Submissions:MessagesPerCaseBurst=1000000",
        "--Haven:Throttle:Submissions:MessagesPerCasePerMinute=1000000",
        "--Haven:Throttle:Submissions:MessagesPerMinute=1000000",
    ];

    [Fact]
    public async Task A_hard_kill_during_load_loses_no_acknowledged_submission_and_leaves_no_orphan_blob()
    {
        await using var setup = await HavenServer.StartAsync();
        await setup.StopAsync();
        // One node uses the blob folder: no grace for another node's uploads (on PostgreSQL the default keeps a blob
        // the database does not know for a day, in case it is another node's), so the restart settles the folder at once.
        string[] settings = [.. TestDatabases.HostSettings(setup.DataPath), .. Unthrottled, "--Haven:Blobs:SweepGraceMinutes=0"];
        var admin = new LoadResponder(HavenServer.AdminName, HavenServer.AdminPassphrase, () => TotpCodes.Compute(setup.AdminTotpSecret, DateTimeOffset.UtcNow));
        var result = new LoadResult();
        Task<Exception?> upload;
        Task load;

        using (var server = await ServerProcess.StartAsync("Debug", setup.DataPath, settings))
        {
            using var stop = new CancellationTokenSource();
            var driver = new LoadDriver(server.BaseAddress, new LoadOptions(People: 6, Responders: 1, Duration: TimeSpan.FromMinutes(5), ReplyEvery: 2), [admin]);
            load = driver.RunAsync(result, stop.Token);
            var streamed = new TaskCompletionSource();
            upload = UploadForeverAsync(server.BaseAddress, streamed);

            // Kill once follow-ups flow and the upload is well under way.
            await Eventually.UntilAsync(
                "150 follow-ups and the upload under way",
                () =>
                {
                    Assert.False(server.HasExited, server.RecentOutput);
                    return result.Messages.Count >= 150 && streamed.Task.IsCompleted;
                },
                deadline: TimeSpan.FromMinutes(2),
                interval: TimeSpan.FromMilliseconds(20),
                state: () => $"{result.Messages.Count} follow-ups, errors: {string.Join("; ", result.ErrorSamples)}; server: {server.RecentOutput}");

            server.KillHard();
            await stop.CancelAsync();
            await load;
            Assert.NotNull(await upload);
        }

        Assert.DoesNotContain(result.ErrorSamples, e => !e.Contains("HttpRequestException", StringComparison.Ordinal) && !e.Contains("IOException", StringComparison.Ordinal) && !e.Contains("TaskCanceled", StringComparison.Ordinal) && !e.Contains("SocketException", StringComparison.Ordinal));
        Assert.True(result.Acknowledged.Count >= 150);
        var blobs = Path.Combine(setup.DataPath, "blobs");
        Assert.NotEmpty(Directory.GetFiles(blobs, "*.part"));

        using (var restarted = await ServerProcess.StartAsync("Debug", setup.DataPath, settings))
        {
            // The sweep at start removed the unfinished upload; every blob belongs to a stored file and back.
            Assert.Empty(Directory.GetFiles(blobs, "*.part"));
            var blobIds = Directory.GetFiles(blobs).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            var fileIds = await ColumnAsync(setup.DataPath, "SELECT id FROM files");
            Assert.Equal(fileIds.Order(StringComparer.Ordinal), blobIds.Order(StringComparer.Ordinal));

            // Every acknowledged follow-up is stored, once.
            var stored = await ColumnAsync(setup.DataPath, "SELECT id FROM records WHERE kind = 'message'");
            var missing = result.Acknowledged.Select(a => a.RecordId).Where(id => !stored.Contains(id)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} of {result.Acknowledged.Count} acknowledged follow-ups are missing");
            Assert.Equal(stored.Count, stored.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(result.Receipts.Count + 1, (await ColumnAsync(setup.DataPath, "SELECT case_id FROM sources")).Count);
            if (!TestDatabases.Postgres)
            {
                Assert.Equal("ok", Assert.Single(await ColumnAsync(setup.DataPath, "PRAGMA integrity_check")));
                Assert.Empty(await ColumnAsync(setup.DataPath, "PRAGMA foreign_key_check"));
            }

            // People carry on: a receipt from before the kill opens its conversation and takes a message.
            using var person = new HavenClient(restarted.BaseAddress, "en");
            var receipt = result.Receipts.First();
            Assert.Equal("/conversation", (await person.ReturnAsync(receipt)).Location.AbsolutePath);
            Assert.Equal("/conversation", (await person.SendMessageAsync("after the restart")).Location.AbsolutePath);
        }

        // Everything decrypts with the recovery key, and each acknowledged follow-up is what was sent.
        using var temp = new TempFolder("haven-fault-test-");
        var keyFile = temp.WriteSecretFile("recovery.txt", RecoverySecret.Format(setup.RecoverySecretKey));
        var decrypted = await CliRunner.RunAsync("decrypt", "--data", setup.DataPath, "--recovery-key", keyFile, "--out", temp["out"]);
        Assert.True(decrypted.ExitCode == 0, decrypted.ToString());
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(temp["out"], "case-*.json"))
        {
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(file));
            foreach (var record in document.RootElement.GetProperty("records").EnumerateArray())
            {
                texts[record.GetProperty("id").GetString()!] = record.GetProperty("content").GetProperty("text").GetString()!;
            }
        }

        Assert.All(result.Acknowledged, a => Assert.EndsWith(" from " + a.Receipt, texts[a.RecordId], StringComparison.Ordinal));
    }

    /// <summary>
    /// A person sends a follow-up with a file that never ends: it streams until the server dies. Signals
    /// <paramref name="streamed"/> once 2 MiB are out. Returns the exception that ended it (there must be one).
    /// </summary>
    private static async Task<Exception?> UploadForeverAsync(Uri baseAddress, TaskCompletionSource streamed)
    {
        using var person = new HavenClient(baseAddress, "en");
        await person.AskForHelpAsync();
        await person.SubmitRequestAsync("a file follows");
        using var content = new StreamContent(new EndlessStream(2 * 1024 * 1024, streamed));
        content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        try
        {
            await person.SendMessageWithFilesAsync("with a video", [("video.mp4", content)]);
            return null;
        }
        catch (Exception e) when (LoadDriver.IsConnectionFailure(e))
        {
            return e;
        }
    }

    /// <summary>Random-looking bytes without end, a little at a time.</summary>
    private sealed class EndlessStream(long signalAfter, TaskCompletionSource signal) : Stream
    {
        private long _sent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _sent; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(5, cancellationToken);
            var n = Math.Min(buffer.Length, 64 * 1024);
            System.Security.Cryptography.RandomNumberGenerator.Fill(buffer.Span[..n]);
            _sent += n;
            if (_sent >= signalAfter)
            {
                signal.TrySetResult();
            }

            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static async Task<List<string>> ColumnAsync(string dataPath, string sql)
    {
        await using var connection = await RawDatabase.OpenAsync(dataPath, readOnly: true);
        await using var command = RawDatabase.Command(connection, sql);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }
}
