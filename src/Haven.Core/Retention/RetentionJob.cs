using Haven.Abuse;
using Haven.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Haven.Retention;

/// <summary>
/// Runs <see cref="PurgeCommand"/> when the web host starts and then every
/// <see cref="RetentionOptions.Interval"/>, so that retention happens without an operator remembering it;
/// after each purge, <see cref="Files.BlobSweep.CheckMarkedAsync"/> checks the blobs marked for it (a record whose
/// commit failed unreported after its blobs were put in place, a purge cut short): each is deleted if no row lists
/// it. The purge deletes the blobs of the files it purged itself; the folder is listed only at start-up.
/// "Today" comes from the injected <see cref="TimeProvider"/>; the waiting is real time. A failed run is
/// logged by its exception type only (never a message, which could carry data) and retried at the next
/// interval: the job never stops the host.
/// <para>
/// With several web nodes the purge is a singleton (<see cref="INodeLeases"/>, lease <c>retention</c>): a node runs
/// it only while it holds the lease <em>and</em> the interval has passed since the lease's last run, whichever node
/// ran it, so that a takeover does not run it twice; the same run deletes the throttle buckets that are full again.
/// The blobs marked for a check are this node's own (in its memory), so each node checks its own at its interval.
/// </para>
/// </summary>
internal sealed partial class RetentionJob(
    PurgeCommand purge,
    Files.BlobSweep sweep,
    IThrottleStore throttles,
    INodeLeases leases,
    TimeProvider clock,
    IOptions<RetentionOptions> options,
    IOptions<LeaseOptions> leaseOptions,
    ILogger<RetentionJob> logger) : BackgroundService
{
    /// <summary>The lease's name in <c>node_leases</c>.</summary>
    public const string LeaseName = "retention";

    /// <summary>How many runs have finished, successful or not; lets tests wait for a run without sleeping blindly.</summary>
    public int Runs => Volatile.Read(ref _runs);

    private int _runs;

    /// <summary>One purge for the clock's current day; returns how many cases were deleted, or null when it failed.</summary>
    public async Task<int?> RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var result = await purge.ExecuteAsync(today, dryRun: false, cancellationToken);
            var swept = await sweep.CheckMarkedAsync(cancellationToken);
            await throttles.SweepAsync(clock.GetUtcNow(), cancellationToken);
            if (swept.Deleted > 0)
            {
                LogSwept(logger, swept.Deleted);
            }

            if (result.Cases > 0)
            {
                LogPurged(logger, result.Cases, result.Checkpointed);
            }

            return result.Cases;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The job must outlive any failure; the next interval tries again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, e.GetType().Name);
            return null;
        }
        finally
        {
            Interlocked.Increment(ref _runs);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await LeaseWork.ReleaseQuietlyAsync(leases, LeaseName);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;

        // A look at the lease at least three times per lease, and at least once per interval.
        var ttl = leaseOptions.Value.Lease;
        var poll = interval < ttl / 3 ? interval : ttl / 3;
        var checkedMarks = TimeProvider.System.GetTimestamp();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await LookAsync(interval, ttl, stoppingToken))
                {
                    checkedMarks = TimeProvider.System.GetTimestamp();
                }
                else if (TimeProvider.System.GetElapsedTime(checkedMarks) >= interval)
                {
                    // Another node purges; the blobs this node marked are checked here.
                    await CheckMarksAsync(stoppingToken);
                    checkedMarks = TimeProvider.System.GetTimestamp();
                }

                await Task.Delay(poll, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    /// <summary>Runs the purge if this node holds the lease and it is due; true when it ran.</summary>
    private async Task<bool> LookAsync(TimeSpan interval, TimeSpan ttl, CancellationToken cancellationToken)
    {
        LeaseGrant? lease;
        try
        {
            lease = await leases.TryAcquireAsync(LeaseName, ttl, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, e.GetType().Name);
            return false;
        }

        if (lease is null || !lease.IsDue(interval))
        {
            return false;
        }

        await LeaseWork.WhileRenewingAsync(leases, LeaseName, ttl, logger, () => RunOnceAsync(cancellationToken), cancellationToken);
        try
        {
            await leases.FinishRunAsync(LeaseName, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, e.GetType().Name);
        }

        return true;
    }

    private async Task CheckMarksAsync(CancellationToken cancellationToken)
    {
        try
        {
            var swept = await sweep.CheckMarkedAsync(cancellationToken);
            if (swept.Deleted > 0)
            {
                LogSwept(logger, swept.Deleted);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: {Count} cases purged (WAL truncated: {Checkpointed}).")]
    private static partial void LogPurged(ILogger logger, int count, bool checkpointed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: {Count} blobs without a row deleted.")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention purge failed ({ExceptionType}); it is retried at the next interval.")]
    private static partial void LogFailed(ILogger logger, string exceptionType);
}
