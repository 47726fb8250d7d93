using Haven.Load;
using Haven.Mail;
using Haven.Storage;
using Haven.Tests;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Haven.Web.Tests.Mail;

/// <summary>
/// The outbox survives a crash mid-send (issue 18): the shipped server runs in its own process, is killed with
/// SIGKILL while the SMTP server holds its answer to a message's DATA, and is started again: every letter arrives
/// exactly once, with the Message-ID of its row, and the counts equal the letters delivered.
/// </summary>
public sealed class OutboxRestartTests
{
    [Fact]
    public async Task A_server_killed_mid_DATA_and_started_again_delivers_every_letter_exactly_once_and_counts_each_once()
    {
        var sink = SmtpSink.Shared;
        var plain = SmtpSink.NewDomain();
        var stalling = SmtpSink.NewDomain();
        await using var setup = await HavenServer.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            // Due one after another, so that the stalled letter comes third in the batch.
            var to = i == 2 ? $"stall-official@{stalling}" : $"official{i}@{plain}";
            ids.Add(await QueueDueAsync(setup, to, TimeSpan.FromSeconds(i)));
        }

        await setup.StopAsync();
        // The killed server also held the sender's lease (PostgreSQL, issue 19): the next one takes it over when it expires.
        string[] settings = [.. TestDatabases.HostSettings(setup.DataPath), .. sink.ServerSettings(), "--Haven:Mail:LeaseSeconds=3", "--Haven:Cluster:LeaseSeconds=3"];

        using (var first = await ServerProcess.StartAsync("Debug", setup.DataPath, settings))
        {
            await Eventually.UntilAsync(
                "the SMTP server to hold the third letter's DATA",
                () =>
                {
                    Assert.False(first.HasExited, first.RecentOutput);
                    return sink.Stalled(stalling);
                },
                TimeSpan.FromMinutes(1),
                state: () => first.RecentOutput);
            Assert.Equal(2, sink.Received(plain).Count);
            first.KillHard();
        }

        // The killed sender never saw the answer: the letter is still Sending, and nothing of it was accepted.
        Assert.Equal(OutboxStatus.Sending, (await OutboxSenderTests.RowAsync(setup, ids[2])).Status);
        sink.Release(stalling);
        Assert.Empty(sink.Received(stalling));

        using (var second = await ServerProcess.StartAsync("Debug", setup.DataPath, settings))
        {
            await Eventually.UntilAsync(
                "every letter to be Sent",
                async () =>
                {
                    Assert.False(second.HasExited, second.RecentOutput);
                    await using var db = StorageServiceCollectionExtensions.CreateContext(setup.Data);
                    return await db.Outbox.CountAsync(m => m.Status == OutboxStatus.Sent) == ids.Count;
                },
                // A connection the SMTP server leaves hanging is given up after 60 s (the client's timeout) and the
                // letter sent again at the next look: room for that on a busy test machine.
                TimeSpan.FromMinutes(3),
                state: () => $"{second.RecentOutput}\noutbox: {Rows(setup)}\nsink: {sink.Received(plain).Count} + {sink.Received(stalling).Count} received, stalled {sink.Stalled(stalling)}");
            Assert.DoesNotContain("official", second.RecentOutput, StringComparison.OrdinalIgnoreCase);
        }

        var delivered = sink.Received(plain).Concat(sink.Received(stalling)).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), delivered.Select(m => m.MessageId!.Split('@')[0]).Order(StringComparer.Ordinal));
        var counts = await OutboxSenderTests.CountsAsync(setup);
        Assert.Equal(ids.Count, counts.Sum(c => c.Count));
        await using (var db = StorageServiceCollectionExtensions.CreateContext(setup.Data))
        {
            Assert.Empty(await db.Outbox.Where(m => m.Payload != null).Select(m => m.Id).ToListAsync());
        }
    }

    /// <summary>Each letter's row as it stands (no payload): what a failure shows.</summary>
    private static string Rows(HavenServer setup)
    {
        using var db = StorageServiceCollectionExtensions.CreateContext(setup.Data);
        // Ordered here: SQLite cannot order by a DateTimeOffset.
        return string.Join("; ", db.Outbox.AsNoTracking().AsEnumerable().OrderBy(m => m.DueAt)
            .Select(m => $"{m.Status} attempts {m.Attempts} due {m.DueAt:O} claimed {m.ClaimedAt:O} finished {m.FinishedAt:O} ({m.LastResult})"));
    }

    private static Task<string> QueueDueAsync(HavenServer server, string to, TimeSpan after) =>
        OutboxSenderTests.QueueAsync(server, OutboxSenderTests.Letter(to), OutboxSenderTests.Key("ua1", "t1", "en", ""), dueIn: after - TimeSpan.FromMinutes(1));
}
