using Haven.Act;
using Haven.Mail;
using Haven.Storage;
using Haven.Tests;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Mail;

/// <summary>
/// The outbox sender (issue 18) against a real SMTP server (the sink, tests/smtp/sink.py) on a real database
/// (SQLite, or PostgreSQL with HAVEN_TEST_POSTGRES): delivery with the right headers, copies and a UTF-8 Russian
/// body, counted once; bounces and temporary refusals recorded; pacing; nothing of the payload left afterwards and
/// no address in the logs.
/// </summary>
public sealed class OutboxSenderTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>The sender's background loop asleep: the test drives it with RunOnceAsync.</summary>
    private static readonly string[] ByHand = ["--Haven:Mail:PollSeconds=3600"];

    [Fact]
    public async Task A_letter_arrives_with_its_headers_copies_and_Russian_body_is_counted_once_and_leaves_nothing_behind()
    {
        var sink = SmtpSink.Shared;
        await using var server = await HavenServer.StartAsync(sink.ServerSettings());
        var targets = SmtpSink.NewDomain();
        var copies = SmtpSink.NewDomain();
        var payload = new MailPayload(
            [new MailAddressee("Генеральный прокурор", $"prosecutor@{targets}")],
            [new MailAddressee("Посольство", $"embassy@{copies}"), new MailAddressee("", $"group@{copies}")],
            "Освободите Ивана",
            "Уважаемый господин прокурор,\nпрошу вас немедленно освободить его.\nАнна, Казань\n",
            "ru");
        var id = await QueueAsync(server, payload, Key("ua1", "t1", "ru", "DE"));

        // The background loop sends it (the hosted service is registered and looks often in tests).
        var message = Assert.Single(await sink.WaitForAsync(targets, 1, Deadline));
        var copy = Assert.Single(await sink.WaitForAsync(copies, 1, Deadline));
        Assert.Equal(message.MessageId, copy.MessageId);
        Assert.Equal($"{id}@haven.test", message.MessageId);
        Assert.Equal("\"Haven\" <act@haven.test>", message.From.ToString());
        Assert.Equal($"prosecutor@{targets}", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("Генеральный прокурор", Assert.Single(message.To.Mailboxes).Name);
        Assert.Equal([$"embassy@{copies}", $"group@{copies}"], message.Cc.Mailboxes.Select(m => m.Address));
        Assert.Equal("Освободите Ивана", message.Subject);
        Assert.Equal(payload.Body, message.TextBody?.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal("utf-8", message.Body!.ContentType.Charset?.ToLowerInvariant());
        Assert.Equal("text/plain", message.Body!.ContentType.MimeType);
        Assert.Equal("ru", message.Body!.Headers["Content-Language"]);
        Assert.Contains("\nContent-Language: ru\r\n", File.ReadAllText(Directory.GetFiles(Path.Combine(sink.Directory, targets), "*.eml").Single()), StringComparison.Ordinal);
        Assert.Null(message.Headers["Auto-Submitted"]);
        Assert.NotEqual(DateTimeOffset.MinValue, message.Date);

        var row = await WaitForStatusAsync(server, id, OutboxStatus.Sent);
        Assert.Null(row.Payload);
        Assert.NotNull(row.FinishedAt);
        Assert.StartsWith("250", row.LastResult, StringComparison.Ordinal);
        var count = Assert.Single(await CountsAsync(server));
        Assert.Equal((LetterChannel.Haven, 1, "ru", "DE", "t1"), (count.Channel, count.Count, count.Language, count.Country, count.TargetId));

        // Nothing of the letter is left in the database's text, and no address or subject is in the logs.
        await AssertNotStoredAsync(server, "prosecutor", "Ивана", "Казань", targets, copies);
        AssertNotLogged(server, targets, copies, "prosecutor", "Ивана");
    }

    [Fact]
    public async Task An_alert_says_it_is_automatic()
    {
        var sink = SmtpSink.Shared;
        await using var server = await HavenServer.StartAsync(sink.ServerSettings());
        var domain = SmtpSink.NewDomain();
        await QueueAsync(server, new MailPayload([new MailAddressee("", $"night@{domain}")], [], "Haven", "There is new activity on the desk.", "en"), null, MailKind.Alert);
        var alert = Assert.Single(await sink.WaitForAsync(domain, 1, Deadline));
        Assert.Equal("auto-generated", alert.Headers["Auto-Submitted"]);
        Assert.Empty(await CountsAsync(server));
    }

    [Fact]
    public async Task A_refused_address_is_recorded_as_a_bounce_with_its_code_and_counts_nothing()
    {
        var sink = SmtpSink.Shared;
        await using var server = await HavenServer.StartAsync([.. sink.ServerSettings(), .. ByHand]);
        var domain = SmtpSink.NewDomain();
        var id = await QueueAsync(server, Letter($"bounce-gone@{domain}"), Key("ua1", "t1", "en", ""));

        var run = await Sender(server).RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, run.Bounced);
        var row = await RowAsync(server, id);
        Assert.Equal((OutboxStatus.Bounced, "550 5.1.1"), (row.Status, row.LastResult));
        Assert.Null(row.Payload);
        Assert.NotNull(row.FinishedAt);
        Assert.Empty(await CountsAsync(server));
        Assert.Empty(sink.Received(domain));
        Assert.Contains(server.Logs.Lines, l => l.Contains("550 5.1.1", StringComparison.Ordinal));
        AssertNotLogged(server, domain, "bounce-gone");
    }

    [Fact]
    public async Task A_letter_whose_addressee_is_refused_while_a_copy_takes_it_bounces_and_counts_nothing()
    {
        var sink = SmtpSink.Shared;
        await using var server = await HavenServer.StartAsync([.. sink.ServerSettings(), .. ByHand]);
        var domain = SmtpSink.NewDomain();
        var copies = SmtpSink.NewDomain();
        var letter = Letter($"bounce-official@{domain}") with { Cc = [new MailAddressee("Embassy", $"embassy@{copies}")] };
        var id = await QueueAsync(server, letter, Key("ua1", "t1", "en", ""));

        var run = await Sender(server).RunOnceAsync(CancellationToken.None);

        // The copy has it, the official does not: no letter reached the official, so none is counted.
        Assert.Single(await sink.WaitForAsync(copies, 1, Deadline));
        Assert.Equal(1, run.Bounced);
        var row = await RowAsync(server, id);
        Assert.Equal((OutboxStatus.Bounced, "to 550 5.1.1"), (row.Status, row.LastResult));
        Assert.Null(row.Payload);
        Assert.Empty(await CountsAsync(server));
        AssertNotLogged(server, domain, "bounce-official");
    }

    [Fact]
    public async Task A_temporary_refusal_is_retried_later_with_a_growing_wait_and_then_delivered_once()
    {
        var sink = SmtpSink.Shared;
        await using var server = await HavenServer.StartAsync([.. sink.ServerSettings(), .. ByHand, "--Haven:Mail:RetryMinutes=5"]);
        var domain = SmtpSink.NewDomain();
        var id = await QueueAsync(server, Letter($"tempfail-busy@{domain}"), Key("ua1", "t1", "en", ""));
        var sender = Sender(server);
        var start = server.Clock.GetUtcNow();

        Assert.Equal(1, (await sender.RunOnceAsync(CancellationToken.None)).Retried);
        var row = await RowAsync(server, id);
        Assert.Equal((OutboxStatus.Queued, 1, "451 4.3.0", start.AddMinutes(5)), (row.Status, row.Attempts, row.LastResult, row.DueAt));
        Assert.NotNull(row.Payload);

        // Not due yet: nothing is tried.
        Assert.Equal(0, (await sender.RunOnceAsync(CancellationToken.None)).Total);

        server.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, (await sender.RunOnceAsync(CancellationToken.None)).Retried);
        row = await RowAsync(server, id);
        Assert.Equal((2, start.AddMinutes(5 + 10)), (row.Attempts, row.DueAt));

        server.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, (await sender.RunOnceAsync(CancellationToken.None)).Sent);
        Assert.Single(await sink.WaitForAsync(domain, 1, Deadline));
        row = await RowAsync(server, id);
        Assert.Equal((OutboxStatus.Sent, 3), (row.Status, row.Attempts));
        Assert.Null(row.Payload);
        Assert.Equal(1, Assert.Single(await CountsAsync(server)).Count);
    }

    [Fact]
    public async Task A_message_still_refused_after_the_last_attempt_is_given_up_and_erased()
    {
        var sink = SmtpSink.Shared;
        await using var server = await HavenServer.StartAsync([.. sink.ServerSettings(), .. ByHand, "--Haven:Mail:MaxAttempts=2", "--Haven:Mail:RetryMinutes=1"]);
        var domain = SmtpSink.NewDomain();
        var id = await QueueAsync(server, Letter($"tempfail-never@{domain}"), Key("ua1", "t1", "en", ""));
        var sender = Sender(server);

        await sender.RunOnceAsync(CancellationToken.None);
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await sender.RunOnceAsync(CancellationToken.None)).GaveUp);

        var row = await RowAsync(server, id);
        Assert.Equal((OutboxStatus.GaveUp, 2, "451 4.3.0"), (row.Status, row.Attempts, row.LastResult));
        Assert.Null(row.Payload);
        Assert.Empty(await CountsAsync(server));
    }

    [Fact]
    public async Task No_more_than_MaxPerMinute_messages_go_in_any_minute()
    {
        var sink = SmtpSink.Shared;
        await using var server = await HavenServer.StartAsync([.. sink.ServerSettings(), .. ByHand, "--Haven:Mail:MaxPerMinute=3"]);
        var domain = SmtpSink.NewDomain();
        for (var i = 0; i < 7; i++)
        {
            await QueueAsync(server, Letter($"official{i}@{domain}"), Key("ua1", "t1", "en", ""));
        }

        var sender = Sender(server);
        Assert.Equal(3, (await sender.RunOnceAsync(CancellationToken.None)).Sent);
        Assert.Equal(0, (await sender.RunOnceAsync(CancellationToken.None)).Total);
        server.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, (await sender.RunOnceAsync(CancellationToken.None)).Total);
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3, (await sender.RunOnceAsync(CancellationToken.None)).Sent);
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await sender.RunOnceAsync(CancellationToken.None)).Sent);

        Assert.Equal(7, (await sink.WaitForAsync(domain, 7, Deadline)).Count);
        Assert.Equal(7, Assert.Single(await CountsAsync(server)).Count);
    }

    [Fact]
    public async Task A_claim_older_than_the_lease_is_taken_over_and_sent_with_the_same_Message_ID()
    {
        var sink = SmtpSink.Shared;
        await using var server = await HavenServer.StartAsync([.. sink.ServerSettings(), .. ByHand, "--Haven:Mail:LeaseSeconds=600"]);
        var domain = SmtpSink.NewDomain();
        var id = await QueueAsync(server, Letter($"official@{domain}"), Key("ua1", "t1", "en", ""));

        // A sender claimed it and died.
        await using (var db = StorageServiceCollectionExtensions.CreateContext(server.Data))
        {
            var row = await db.Outbox.SingleAsync(m => m.Id == id);
            (row.Status, row.ClaimedAt) = (OutboxStatus.Sending, server.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        var sender = Sender(server);
        Assert.Equal(0, (await sender.RunOnceAsync(CancellationToken.None)).Total);
        server.Clock.Advance(TimeSpan.FromSeconds(601));
        Assert.Equal(1, (await sender.RunOnceAsync(CancellationToken.None)).Sent);
        Assert.Equal($"{id}@haven.test", Assert.Single(await sink.WaitForAsync(domain, 1, Deadline)).MessageId);
    }

    [Fact]
    public async Task Finished_rows_are_deleted_after_KeepDays_and_queued_ones_are_kept()
    {
        var sink = SmtpSink.Shared;
        await using var server = await HavenServer.StartAsync([.. sink.ServerSettings(), .. ByHand, "--Haven:Mail:KeepDays=30"]);
        var domain = SmtpSink.NewDomain();
        var sent = await QueueAsync(server, Letter($"official@{domain}"), Key("ua1", "t1", "en", ""));
        var sender = Sender(server);
        Assert.Equal(1, (await sender.RunOnceAsync(CancellationToken.None)).Sent);
        var later = await QueueAsync(server, Letter($"later@{domain}"), Key("ua1", "t1", "en", ""), dueIn: TimeSpan.FromDays(40));

        server.Clock.Advance(TimeSpan.FromDays(29));
        await sender.RunOnceAsync(CancellationToken.None);
        Assert.Equal(OutboxStatus.Sent, (await RowAsync(server, sent)).Status);

        server.Clock.Advance(TimeSpan.FromDays(2));
        await sender.RunOnceAsync(CancellationToken.None);
        await using var db = StorageServiceCollectionExtensions.CreateContext(server.Data);
        Assert.Equal([later], await db.Outbox.Select(m => m.Id).ToListAsync());
    }

    [Fact]
    public async Task With_StartTls_a_server_that_offers_no_TLS_gets_nothing_and_the_letter_waits_for_a_retry()
    {
        var sink = SmtpSink.Shared;
        await using var server = await HavenServer.StartAsync([.. sink.ServerSettings(), .. ByHand, "--Haven:Mail:Security=StartTls"]);
        var domain = SmtpSink.NewDomain();
        var id = await QueueAsync(server, Letter($"official@{domain}"), Key("ua1", "t1", "en", ""));

        Assert.Equal(1, (await Sender(server).RunOnceAsync(CancellationToken.None)).Retried);
        var row = await RowAsync(server, id);
        Assert.Equal((OutboxStatus.Queued, 1, "tls"), (row.Status, row.Attempts, row.LastResult));
        Assert.NotNull(row.Payload);
        Assert.Empty(sink.Received(domain));
    }

    [Fact]
    public async Task With_mail_off_nothing_is_sent_and_letters_wait_in_the_outbox()
    {
        await using var server = await HavenServer.StartAsync();
        var id = await QueueAsync(server, Letter($"official@{SmtpSink.NewDomain()}"), Key("ua1", "t1", "en", ""));
        Assert.Equal(0, (await Sender(server).RunOnceAsync(CancellationToken.None)).Total);
        var row = await RowAsync(server, id);
        Assert.Equal(OutboxStatus.Queued, row.Status);
        Assert.NotNull(row.Payload);
    }

    internal static MailPayload Letter(string to) =>
        new([new MailAddressee("Official", to)], [], "Release him", "Dear Sir,\nrelease him.\n", "en");

    internal static ActionCountKey Key(string action, string target, string language, string country) =>
        new(action, target, LetterChannel.Haven, language, country);

    internal static OutboxSender Sender(HavenServer server) => server.Services.GetRequiredService<OutboxSender>();

    /// <summary>Queues a message the way the public pages and the alert job do: a row in the caller's own save.</summary>
    internal static async Task<string> QueueAsync(HavenServer server, MailPayload payload, ActionCountKey? key, MailKind kind = MailKind.Letter, TimeSpan? dueIn = null)
    {
        var secrets = server.Services.GetRequiredService<ActSecrets>();
        var now = server.Clock.GetUtcNow();
        var row = OutboxWriter.Create(secrets, kind, payload, now, now + (dueIn ?? TimeSpan.Zero), key);
        await using var db = StorageServiceCollectionExtensions.CreateContext(server.Data);
        db.Outbox.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    internal static async Task<OutboxMessage> RowAsync(HavenServer server, string id)
    {
        await using var db = StorageServiceCollectionExtensions.CreateContext(server.Data);
        return await db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    internal static async Task<List<ActionCount>> CountsAsync(HavenServer server)
    {
        await using var db = StorageServiceCollectionExtensions.CreateContext(server.Data);
        return await db.ActionCounts.AsNoTracking().ToListAsync();
    }

    private static async Task<OutboxMessage> WaitForStatusAsync(HavenServer server, string id, OutboxStatus status)
    {
        OutboxMessage? row = null;
        await Eventually.UntilAsync($"message {id} to be {status}", async () => (row = await RowAsync(server, id)).Status == status, Deadline, state: () => $"{row?.Status}");
        return row!;
    }

    /// <summary>No column of the outbox or the counts holds any of <paramref name="texts"/> in plain text.</summary>
    private static async Task AssertNotStoredAsync(HavenServer server, params string[] texts)
    {
        await using var db = StorageServiceCollectionExtensions.CreateContext(server.Data);
        foreach (var row in await db.Outbox.AsNoTracking().ToListAsync())
        {
            var plain = string.Join('|', row.Id, row.LastResult, row.ActionId, row.TargetId, row.Language, row.Country) + (row.Payload is null ? "" : System.Text.Encoding.UTF8.GetString(row.Payload));
            Assert.DoesNotContain(texts, t => plain.Contains(t, StringComparison.OrdinalIgnoreCase));
            Assert.Null(row.Payload);
        }
    }

    internal static void AssertNotLogged(HavenServer server, params string[] texts)
    {
        var lines = server.Logs.Lines.ToList();
        Assert.NotEmpty(lines);
        foreach (var text in texts)
        {
            Assert.DoesNotContain(lines, l => l.Contains(text, StringComparison.OrdinalIgnoreCase));
        }
    }
}
