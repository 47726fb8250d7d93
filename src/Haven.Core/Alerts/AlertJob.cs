using Haven.Act;
using Haven.Cases;
using Haven.Cluster;
using Haven.Mail;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Haven.Alerts;

/// <summary>
/// Notices activity on the desk and queues content-free alerts for the responders who opted in (issue 18, point 7).
/// Every <see cref="Poll"/> it reads plaintext routing data only: which cases exist and how urgent they are, and
/// per case the highest sequence number of a record the person wrote (kinds <c>message</c> and <c>testimony</c>),
/// and which of them each opted-in responder holds (<c>case_holdings</c>). Nothing is decrypted. A case not seen at
/// the last run is a new request (for administrators and coordinators, to whom new requests are sealed); a higher
/// sequence in a case seen before is the person writing (for those who hold the case). The first run after start
/// only takes this picture: activity while the host was down is not alerted.
/// <para>
/// Activity marks the opt-in pending (<see cref="ResponderAlert.PendingSince"/>); a pending opt-in whose last alert
/// is at least <see cref="AlertOptions.IntervalMinutes"/> old gets one alert through the outbox, claimed with a
/// conditional update on <see cref="ResponderAlert.LastSentAt"/> in the same transaction that queues it, so that
/// two web nodes cannot both send one. The alert says only that there is new activity (<see cref="IAlertText"/>).
/// A failed run is logged by its exception type only and the next run tries again.
/// </para>
/// <para>
/// With several web nodes the job is a singleton (<see cref="INodeLeases"/>, lease <c>alerts</c>): only the holder
/// looks. A node that takes the lease over compares with its own last picture (older), so activity in between is
/// alerted rather than missed; the conditional claim keeps it to one alert per interval.
/// </para>
/// </summary>
internal sealed partial class AlertJob(
    IDbContextFactory<HavenDbContext> dbFactory,
    IWriteLock writeLock,
    ActSecrets secrets,
    IAlertText text,
    INodeLeases leases,
    TimeProvider clock,
    IOptions<AlertOptions> options,
    IOptions<LeaseOptions> leaseOptions,
    ILogger<AlertJob> logger) : BackgroundService
{
    /// <summary>The lease's name in <c>node_leases</c>.</summary>
    public const string LeaseName = "alerts";

    /// <summary>How often the desk is looked at (real time).</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Responders whose pending alert may say "urgent" (only when the team allows the word).</summary>
    private readonly HashSet<string> _urgent = new(StringComparer.Ordinal);

    private Snapshot? _last;
    private int _runs;

    /// <summary>How many runs have finished, successful or not; lets tests wait for the first picture.</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>One look at the desk; returns how many alerts were queued, or null when the run failed.</summary>
    public async Task<int?> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var queued = await RunAsync(cancellationToken);
            if (queued > 0)
            {
                LogQueued(logger, queued);
            }

            return queued;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The job must outlive any failure; the next poll tries again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, e.GetType().Name);
            return null;
        }
        finally
        {
            Interlocked.Increment(ref _runs);
            _gate.Release();
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await LeaseWork.ReleaseQuietlyAsync(leases, LeaseName);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ttl = leaseOptions.Value.LeaseFor(Poll);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await HoldsLeaseAsync(ttl, stoppingToken))
                {
                    await LeaseWork.WhileRenewingAsync(leases, LeaseName, ttl, logger, () => RunOnceAsync(stoppingToken), stoppingToken);
                }

                await Task.Delay(Poll, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task<bool> HoldsLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken)
    {
        try
        {
            return await leases.TryAcquireAsync(LeaseName, ttl, cancellationToken) is not null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, e.GetType().Name);
            return false;
        }
    }

    private async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var cases = await db.Cases.AsNoTracking().Select(c => new { c.Id, c.Urgency }).ToDictionaryAsync(c => c.Id, c => c.Urgency, StringComparer.Ordinal, cancellationToken);
        var written = await db.Records.AsNoTracking()
            .Where(r => r.Kind == RecordKinds.Message || r.Kind == RecordKinds.Testimony)
            .GroupBy(r => r.CaseId)
            .Select(g => new { CaseId = g.Key, Seq = g.Max(r => r.Seq) })
            .ToDictionaryAsync(x => x.CaseId, x => x.Seq, StringComparer.Ordinal, cancellationToken);
        var previous = _last;
        _last = new Snapshot(cases, written);

        var newCases = previous is null ? [] : cases.Keys.Where(id => !previous.Cases.ContainsKey(id)).ToHashSet(StringComparer.Ordinal);
        var newWriting = previous is null ? [] : written
            .Where(w => previous.Cases.ContainsKey(w.Key) && (!previous.Written.TryGetValue(w.Key, out var seq) || w.Value > seq))
            .Select(w => w.Key).ToHashSet(StringComparer.Ordinal);

        var alerts = await db.ResponderAlerts.AsNoTracking().ToListAsync(cancellationToken);
        if (alerts.Count == 0)
        {
            return 0;
        }

        var ids = alerts.Select(a => a.ResponderId).ToList();
        var roles = await db.Responders.AsNoTracking().Where(r => ids.Contains(r.Id) && r.Active).ToDictionaryAsync(r => r.Id, r => r.Role, StringComparer.Ordinal, cancellationToken);
        var changed = newCases.Concat(newWriting).ToList();
        var held = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var chunk in changed.Chunk(500))
        {
            var holdings = await db.CaseHoldings.AsNoTracking()
                .Where(h => ids.Contains(h.ResponderId) && chunk.Contains(h.CaseId))
                .Select(h => new { h.ResponderId, h.CaseId })
                .ToListAsync(cancellationToken);
            foreach (var holding in holdings)
            {
                if (!held.TryGetValue(holding.ResponderId, out var set))
                {
                    held[holding.ResponderId] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.Add(holding.CaseId);
            }
        }

        var interval = TimeSpan.FromMinutes(options.Value.IntervalMinutes);
        var queued = 0;
        foreach (var alert in alerts)
        {
            if (!roles.TryGetValue(alert.ResponderId, out var role))
            {
                continue;
            }

            var mine = held.GetValueOrDefault(alert.ResponderId) ?? [];
            var requests = alert.NewRequests && AlertRoles.SeesNewRequests(role) ? newCases.Where(mine.Contains).ToList() : [];
            var writing = alert.CaseMessages && AlertRoles.SeesCaseMessages(role) && newWriting.Any(mine.Contains);
            if (options.Value.AllowUrgencyWord && requests.Any(c => cases[c] == Urgency.Now))
            {
                _urgent.Add(alert.ResponderId);
            }

            var activity = requests.Count > 0 || writing;
            if (alert.PendingSince is null && !activity)
            {
                continue;
            }

            if (alert.LastSentAt is { } last && now < last + interval)
            {
                if (alert.PendingSince is null)
                {
                    await MarkPendingAsync(alert.ResponderId, now, cancellationToken);
                }

                continue;
            }

            if (await QueueAsync(alert, now, options.Value.AllowUrgencyWord && _urgent.Contains(alert.ResponderId), cancellationToken))
            {
                _urgent.Remove(alert.ResponderId);
                queued++;
            }
        }

        return queued;
    }

    private Task<int> MarkPendingAsync(string responderId, DateTimeOffset now, CancellationToken cancellationToken) =>
        writeLock.RunAsync(
            async () =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                return await db.ResponderAlerts
                    .Where(a => a.ResponderId == responderId && a.PendingSince == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.PendingSince, now), cancellationToken);
            },
            cancellationToken);

    /// <summary>Claims the interval (the last alert is still the one this run read) and queues the alert, in one transaction.</summary>
    private Task<bool> QueueAsync(ResponderAlert alert, DateTimeOffset now, bool urgent, CancellationToken cancellationToken) =>
        writeLock.RunAsync(
            async () =>
            {
                var address = secrets.OpenText(alert.SealedAddress, ActSecrets.AlertAddress, alert.ResponderId);
                if (address is null)
                {
                    return false;
                }

                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var last = alert.LastSentAt;
                var claimed = await db.ResponderAlerts
                    .Where(a => a.ResponderId == alert.ResponderId && a.LastSentAt == last)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.LastSentAt, now).SetProperty(a => a.PendingSince, (DateTimeOffset?)null), cancellationToken);
                if (claimed != 1)
                {
                    return false;
                }

                var (subject, body, language) = text.Compose(urgent);
                var payload = new MailPayload([new MailAddressee("", address)], [], subject, body, language);
                db.Outbox.Add(OutboxWriter.Create(secrets, MailKind.Alert, payload, now, OutboxSchedule.AlertDue(now)));
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return true;
            },
            cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alerts: {Count} queued.")]
    private static partial void LogQueued(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alerts: the run failed ({ExceptionType}); the next poll tries again.")]
    private static partial void LogFailed(ILogger logger, string exceptionType);

    /// <summary>What the last run saw: every case with its urgency, and per case the last record the person wrote.</summary>
    private sealed record Snapshot(Dictionary<string, Urgency> Cases, Dictionary<string, long> Written);
}
