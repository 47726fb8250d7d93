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
/// </summary>
internal sealed partial class RetentionJob(PurgeCommand purge, Files.BlobSweep sweep, TimeProvider clock, IOptions<RetentionOptions> options, ILogger<RetentionJob> logger) : BackgroundService
{
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await RunOnceAsync(stoppingToken);
                await Task.Delay(options.Value.Interval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: {Count} cases purged (WAL truncated: {Checkpointed}).")]
    private static partial void LogPurged(ILogger logger, int count, bool checkpointed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: {Count} blobs without a row deleted.")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention purge failed ({ExceptionType}); it is retried at the next interval.")]
    private static partial void LogFailed(ILogger logger, string exceptionType);
}
