using System.Net.Sockets;
using System.Text.RegularExpressions;
using Haven.Act;
using Haven.Cluster;
using Haven.Storage;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Haven.Mail;

/// <summary>
/// Sends the mail outbox (issue 18). Each run takes back the messages whose claim is older than the lease (a
/// sender that crashed mid-send), claims the due Queued messages, oldest first (PostgreSQL: <c>FOR UPDATE SKIP
/// LOCKED</c>; SQLite: under the process write lock), marks them Sending and sends them with MailKit over one
/// connection, saving each answer as it comes: 250 → Sent (payload erased; a letter's count incremented in the
/// same save), 4xx or a lost connection → Queued again after <see cref="MailOptions.RetryMinutes"/> doubled per
/// attempt, GaveUp after <see cref="MailOptions.MaxAttempts"/>, 5xx → Bounced (payload erased, the code kept).
/// A message sent again after a crash keeps its Message-ID, so the gap between the SMTP server's 250 and the
/// commit (at-least-once) shows as a duplicate a mail system can recognise. Paced to
/// <see cref="MailOptions.MaxPerMinute"/> by the injected clock. Logs counts and SMTP codes only: never an
/// address, subject or body, and MailKit's protocol log is not used.
/// <para>
/// With several web nodes the background sender is a singleton (<see cref="INodeLeases"/>, lease <c>outbox</c>):
/// only the holder sends, and on PostgreSQL the pace counts the messages sent in the last minute in the database,
/// so <see cref="MailOptions.MaxPerMinute"/> holds for the instance, across a takeover too.
/// </para>
/// </summary>
internal sealed partial class OutboxSender(
    DataDirectory data,
    IDbContextFactory<HavenDbContext> dbFactory,
    IWriteLock writeLock,
    ActSecrets secrets,
    INodeLeases leases,
    TimeProvider clock,
    IOptions<MailOptions> options,
    IOptions<LeaseOptions> leaseOptions,
    ILogger<OutboxSender> logger) : BackgroundService
{
    /// <summary>The most messages one run claims (one connection).</summary>
    public const int MaxBatch = 100;

    /// <summary>The lease's name in <c>node_leases</c>.</summary>
    public const string LeaseName = "outbox";

    private int _looks;

    private readonly SemaphoreSlim _running = new(1, 1);
    private readonly Queue<DateTimeOffset> _sentTimes = new();
    private DateTimeOffset _lastCleanup = DateTimeOffset.MinValue;
    private int _runs;

    /// <summary>How many runs have finished; lets tests wait for a run without sleeping blindly.</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>How many looks the background loop has finished, holding the lease or not (for tests).</summary>
    public int Looks => Volatile.Read(ref _looks);

    private MailOptions Options => options.Value;

    /// <summary>
    /// One run: takes over expired claims, claims what is due (at most <paramref name="limit"/>, the batch size and
    /// what the minute's pace allows) and sends it. Does nothing when mail is off.
    /// </summary>
    public async Task<OutboxRun> RunOnceAsync(CancellationToken cancellationToken, int? limit = null)
    {
        if (!Options.IsOn)
        {
            return OutboxRun.None;
        }

        await _running.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow().ToUniversalTime();
            await TakeOverExpiredAsync(now, cancellationToken);
            await CleanUpAsync(now, cancellationToken);
            var room = Math.Min(Math.Min(MaxBatch, limit ?? MaxBatch), await RoomAsync(now, cancellationToken));
            if (room <= 0)
            {
                return OutboxRun.None;
            }

            var claimed = await ClaimAsync(now, room, cancellationToken);
            return claimed.Count == 0 ? OutboxRun.None : await SendAsync(claimed, cancellationToken);
        }
        finally
        {
            _running.Release();
            Interlocked.Increment(ref _runs);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.IsOn)
        {
            LogMailOff(logger);
            return;
        }

        var pause = TimeSpan.FromSeconds(Options.PollSeconds);
        var ttl = leaseOptions.Value.LeaseFor(pause);

        // Each look sends at most its share of the minute, so that MaxPerMinute is spread over the minute.
        var share = (int)Math.Ceiling(Options.MaxPerMinute * Options.PollSeconds / 60);
        while (!stoppingToken.IsCancellationRequested)
        {
            // The first look comes one pause after start: the host is up by then.
            try
            {
                await Task.Delay(pause, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                // Only the lease's holder sends (several web nodes): the others look again at the next pause.
                if (await leases.TryAcquireAsync(LeaseName, ttl, stoppingToken) is null)
                {
                    continue;
                }

                // Batches of at most MaxBatch until the look's share is sent or nothing more is due.
                var run = await LeaseWork.WhileRenewingAsync(leases, LeaseName, ttl, logger, () => SendShareAsync(share, stoppingToken), stoppingToken);
                if (run.Total > 0)
                {
                    LogRun(logger, run.Sent, run.Retried, run.Bounced, run.GaveUp, run.Returned);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The sender must outlive any failure (a database away for a moment); the next look tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(logger, e.GetType().Name);
            }
            finally
            {
                Interlocked.Increment(ref _looks);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (Options.IsOn)
        {
            await LeaseWork.ReleaseQuietlyAsync(leases, LeaseName);
        }
    }

    public override void Dispose()
    {
        _running.Dispose();
        base.Dispose();
    }

    private async Task<OutboxRun> SendShareAsync(int share, CancellationToken stoppingToken)
    {
        var run = OutboxRun.None;
        for (var left = Math.Max(1, share); left > 0;)
        {
            var batch = await RunOnceAsync(stoppingToken, Math.Min(left, MaxBatch));
            run = run.Add(batch);
            left -= batch.Total;
            if (batch.Total < Math.Min(left + batch.Total, MaxBatch) || batch.Returned > 0)
            {
                break;
            }
        }

        return run;
    }

    /// <summary>
    /// How many more messages the pace allows at <paramref name="now"/>: MaxPerMinute less those sent in the minute
    /// before, by this process on SQLite, by any node on PostgreSQL (the database's count).
    /// </summary>
    private async Task<int> RoomAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // SQLite is one node: its pace is counted in memory, with no connection to open.
        if (data.IsSqlite)
        {
            return Room(now);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var from = now.AddMinutes(-1);
        var to = now.AddMinutes(1);
        var sent = await db.Outbox.CountAsync(m => m.Status == OutboxStatus.Sent && m.FinishedAt > from && m.FinishedAt <= to, cancellationToken);
        return Options.MaxPerMinute - sent;
    }

    /// <summary>How many more messages the pace allows at <paramref name="now"/>: MaxPerMinute less those sent in the minute before.</summary>
    private int Room(DateTimeOffset now)
    {
        lock (_sentTimes)
        {
            while (_sentTimes.Count > 0 && (_sentTimes.Peek() <= now.AddMinutes(-1) || _sentTimes.Peek() > now.AddMinutes(1)))
            {
                _sentTimes.Dequeue();
            }

            return Options.MaxPerMinute - _sentTimes.Count;
        }
    }

    private void Spend(DateTimeOffset at)
    {
        lock (_sentTimes)
        {
            _sentTimes.Enqueue(at);
        }
    }

    /// <summary>Messages claimed longer ago than the lease go back to the queue, due now, with their attempts as they were.</summary>
    private async Task TakeOverExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = now.AddSeconds(-Options.LeaseSeconds);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var taken = await WriteAsync(db, () => db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE mail_outbox SET status = {(int)OutboxStatus.Queued}, claimed_at = NULL WHERE status = {(int)OutboxStatus.Sending} AND claimed_at < {cutoff}",
            cancellationToken), cancellationToken);
        if (taken > 0)
        {
            LogTakenOver(logger, taken);
        }
    }

    /// <summary>Finished rows (no payload left) older than KeepDays are deleted, at most once an hour.</summary>
    private async Task CleanUpAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now - _lastCleanup < TimeSpan.FromHours(1) && now >= _lastCleanup)
        {
            return;
        }

        _lastCleanup = now;
        var cutoff = now.AddDays(-Options.KeepDays);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deleted = await WriteAsync(db, () => db.Database.ExecuteSqlInterpolatedAsync(
            $"DELETE FROM mail_outbox WHERE status >= {(int)OutboxStatus.Sent} AND finished_at < {cutoff}",
            cancellationToken), cancellationToken);
        if (deleted > 0)
        {
            LogDeleted(logger, deleted);
        }
    }

    /// <summary>Claims up to <paramref name="count"/> due Queued messages, oldest first: Sending, claimed now.</summary>
    private async Task<List<OutboxMessage>> ClaimAsync(DateTimeOffset now, int count, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await WriteAsync(db, async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var queued = (int)OutboxStatus.Queued;
            var due = db.Database.IsSqlite()
                ? db.Outbox.FromSqlInterpolated($"SELECT * FROM mail_outbox WHERE status = {queued} AND due_at <= {now} ORDER BY due_at, id LIMIT {count}")
                : db.Outbox.FromSqlInterpolated($"SELECT * FROM mail_outbox WHERE status = {queued} AND due_at <= {now} ORDER BY due_at, id LIMIT {count} FOR UPDATE SKIP LOCKED");
            var claimed = await due.ToListAsync(cancellationToken);
            foreach (var message in claimed)
            {
                message.Status = OutboxStatus.Sending;
                message.ClaimedAt = now;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return claimed;
        }, cancellationToken);
    }

    /// <summary>Sends the claimed messages over one connection, saving each answer at once.</summary>
    private async Task<OutboxRun> SendAsync(List<OutboxMessage> claimed, CancellationToken cancellationToken)
    {
        var run = OutboxRun.None;
        using var client = new RecipientTolerantClient { Timeout = 60_000 };
        for (var i = 0; i < claimed.Count; i++)
        {
            var message = claimed[i];
            var payload = OutboxWriter.Open(secrets, message);
            if (payload is null)
            {
                // Cannot be opened (another instance's key, altered): it can never be sent.
                run = run.Add(await FinishAsync(message, OutboxStatus.GaveUp, "unreadable", cancellationToken));
                continue;
            }

            string result;
            OutboxStatus status;
            try
            {
                if (!client.IsConnected)
                {
                    await ConnectAsync(client, cancellationToken);
                }

                client.Refused.Clear();
                var answer = await client.SendAsync(Compose(message, payload), cancellationToken);
                var refusedTo = client.Refused.FirstOrDefault(r => payload.To.Any(t => string.Equals(t.Address, r.Address, StringComparison.OrdinalIgnoreCase)));

                // A copy refused still leaves a delivered letter; the addressee refused leaves none, even if the copies
                // took it (sending again would copy them twice): a bounce, not counted.
                (status, result) = refusedTo.Text is not null
                    ? (OutboxStatus.Bounced, "to " + refusedTo.Text)
                    : (OutboxStatus.Sent, Describe(250, answer) + (client.Refused.Count > 0 ? $"; {client.Refused.Count} refused {client.Refused[0].Text}" : ""));
            }
            catch (SmtpCommandException) when (client.Refused.Count > 0)
            {
                // Every recipient was refused: retried if any refusal was temporary, else a bounce.
                var temporary = client.Refused.FirstOrDefault(r => r.Code < 500);
                (status, result) = temporary.Text is not null
                    ? (OutboxStatus.Queued, temporary.Text)
                    : (OutboxStatus.Bounced, client.Refused[0].Text);
            }
            catch (SmtpCommandException e) when (e.ErrorCode != SmtpErrorCode.SenderNotAccepted && (int)e.StatusCode >= 500)
            {
                (status, result) = (OutboxStatus.Bounced, Describe((int)e.StatusCode, e.Message));
            }
            catch (SmtpCommandException e)
            {
                // A temporary refusal, or the sender address refused (a setting to fix, not the letter's fault): retried.
                (status, result) = (OutboxStatus.Queued, (e.ErrorCode == SmtpErrorCode.SenderNotAccepted ? "sender " : "") + Describe((int)e.StatusCode, e.Message));
            }
            catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or AuthenticationException or ServiceNotConnectedException or SslHandshakeException or TimeoutException or NotSupportedException
                                        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // The connection is gone: this message is retried, the rest of the batch goes back as it was.
                run = run.Add(await FinishAsync(message, OutboxStatus.Queued, Failure(e), cancellationToken));
                LogConnectionFailed(logger, Failure(e));
                run = run with { Returned = run.Returned + await ReturnAsync(claimed.Skip(i + 1).ToList(), cancellationToken) };
                return run;
            }

            run = run.Add(await FinishAsync(message, status, result, cancellationToken));
        }

        if (client.IsConnected)
        {
            try
            {
                await client.DisconnectAsync(quit: true, cancellationToken);
            }
            catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or SmtpCommandException)
            {
                // Every message is saved already; a failed QUIT changes nothing.
            }
        }

        return run;
    }

    private async Task ConnectAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        var security = Options.Security switch
        {
            "Tls" => SecureSocketOptions.SslOnConnect,
            "None" => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(Options.Host!, Options.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(Options.UserName))
        {
            var password = string.IsNullOrEmpty(Options.PasswordFile) ? "" : (await File.ReadAllTextAsync(Options.PasswordFile, cancellationToken)).TrimEnd('\r', '\n');
            await client.AuthenticateAsync(Options.UserName, password, cancellationToken);
        }
    }

    /// <summary>The message as it goes out: plain UTF-8 text, no tracking of any kind.</summary>
    private MimeMessage Compose(OutboxMessage row, MailPayload payload)
    {
        var from = MailboxAddress.Parse(Options.From!);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(Options.FromName, from.Address));
        message.To.AddRange(payload.To.Select(a => new MailboxAddress(a.Name, a.Address)));
        message.Cc.AddRange(payload.Cc.Select(a => new MailboxAddress(a.Name, a.Address)));
        if (payload.ReplyTo is { } replyTo)
        {
            message.ReplyTo.Add(new MailboxAddress(replyTo.Name, replyTo.Address));
        }

        message.Subject = payload.Subject;
        message.MessageId = $"{row.Id}@{from.Domain}";
        message.Date = clock.GetUtcNow();
        if (row.Kind == MailKind.Alert)
        {
            message.Headers.Add("Auto-Submitted", "auto-generated");
        }

        var body = new TextPart(MimeKit.Text.TextFormat.Plain);
        body.SetText(System.Text.Encoding.UTF8, payload.Body);
        if (!string.IsNullOrEmpty(payload.Language))
        {
            // A Content-* header belongs to the body; with one text part it is among the message's headers on the wire.
            body.Headers.Add("Content-Language", payload.Language);
        }

        message.Body = body;
        return message;
    }

    /// <summary>Records one answer: the row's new status, and for a delivered letter its count, in one save.</summary>
    private async Task<OutboxRun> FinishAsync(OutboxMessage message, OutboxStatus status, string result, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUniversalTime();
        message.LastResult = result.Length > 100 ? result[..100] : result;
        message.ClaimedAt = null;
        var outcome = OutboxRun.None;
        if (status == OutboxStatus.Queued)
        {
            message.Attempts++;
            if (message.Attempts >= Options.MaxAttempts)
            {
                status = OutboxStatus.GaveUp;
            }
            else
            {
                message.DueAt = now.AddMinutes(Options.RetryMinutes * Math.Pow(2, message.Attempts - 1));
                outcome = outcome with { Retried = 1 };
            }
        }
        else
        {
            message.Attempts++;
        }

        message.Status = status;
        if (status is OutboxStatus.Sent or OutboxStatus.Bounced or OutboxStatus.GaveUp)
        {
            message.Payload = null;
            message.FinishedAt = now;
            outcome = status switch
            {
                OutboxStatus.Sent => outcome with { Sent = 1 },
                OutboxStatus.Bounced => outcome with { Bounced = 1 },
                _ => outcome with { GaveUp = 1 },
            };
        }

        if (status == OutboxStatus.Sent)
        {
            Spend(now);
        }
        else if (status == OutboxStatus.Bounced)
        {
            LogRefused(logger, message.LastResult);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await WriteAsync(db, async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            db.Outbox.Attach(message);
            db.Entry(message).State = EntityState.Modified;
            await db.SaveChangesAsync(CancellationToken.None);
            if (status == OutboxStatus.Sent && message.Kind == MailKind.Letter && message.ActionId is not null)
            {
                var key = new ActionCountKey(message.ActionId, message.TargetId ?? "", LetterChannel.Haven, message.Language ?? "", message.Country ?? "");
                await ActCounts.IncrementAsync(db, key, now, CancellationToken.None);
            }

            await transaction.CommitAsync(CancellationToken.None);
            return 0;
        }, CancellationToken.None);
        return outcome;
    }

    /// <summary>Claimed messages not tried (the connection was lost first) go back to the queue as they were.</summary>
    private async Task<int> ReturnAsync(List<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return 0;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = messages.Select(m => m.Id).ToList();
        return await WriteAsync(db, () => db.Outbox.Where(m => ids.Contains(m.Id) && m.Status == OutboxStatus.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Queued).SetProperty(m => m.ClaimedAt, (DateTimeOffset?)null), CancellationToken.None), CancellationToken.None);
    }

    /// <summary>On SQLite every write of the sender runs under the process write lock; PostgreSQL locks rows itself.</summary>
    private Task<T> WriteAsync<T>(HavenDbContext db, Func<Task<T>> work, CancellationToken cancellationToken) =>
        db.Database.IsSqlite() ? writeLock.RunAsync(work, cancellationToken) : work();

    /// <summary>An SMTP answer without its text: the status code and the enhanced status code when there is one ("550 5.1.1").</summary>
    private static string Describe(int code, string text) =>
        EnhancedCode().Match(text ?? "") is { Success: true } m ? $"{code} {m.Value}" : code.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The kind of a connection failure, content-free.</summary>
    private static string Failure(Exception e) => e switch
    {
        AuthenticationException => "auth",
        SslHandshakeException or NotSupportedException => "tls",
        SocketException => "connect",
        OperationCanceledException or TimeoutException => "timeout",
        SmtpProtocolException => "protocol",
        _ => "connection",
    };

    [GeneratedRegex(@"\b[245]\.\d{1,3}\.\d{1,3}\b")]
    private static partial Regex EnhancedCode();

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail is off (no Haven:Mail:Host): the outbox is not sent.")]
    private static partial void LogMailOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail: {Sent} sent, {Retried} to retry, {Bounced} bounced, {GaveUp} given up, {Returned} returned to the queue.")]
    private static partial void LogRun(ILogger logger, int sent, int retried, int bounced, int gaveUp, int returned);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail: a message was refused for good ({Result}).")]
    private static partial void LogRefused(ILogger logger, string result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail: the connection to the SMTP server failed ({Failure}); the messages are retried.")]
    private static partial void LogConnectionFailed(ILogger logger, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail: {Count} messages whose sender stopped mid-send are queued again.")]
    private static partial void LogTakenOver(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail: {Count} finished outbox rows deleted.")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail: sending the outbox failed ({ExceptionType}); it is tried again at the next look.")]
    private static partial void LogFailed(ILogger logger, string exceptionType);

    /// <summary>
    /// An SMTP client that goes on when some recipients are refused (a copy's address gone, say) and notes their
    /// answers; when every recipient is refused, MailKit still throws, and the message bounces.
    /// </summary>
    private sealed class RecipientTolerantClient : SmtpClient
    {
        /// <summary>The refused recipients of the message being sent: the code, its content-free text, and the address (kept in memory only, never logged or stored).</summary>
        public List<(int Code, string Text, string Address)> Refused { get; } = [];

        protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
            Refused.Add(((int)response.StatusCode, Describe((int)response.StatusCode, response.Response), mailbox.Address));
    }
}
