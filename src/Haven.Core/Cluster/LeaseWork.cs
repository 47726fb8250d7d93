using Microsoft.Extensions.Logging;

namespace Haven.Cluster;

/// <summary>Runs a singleton job's work while its lease is renewed in the background, so that a long run keeps its lease.</summary>
internal static partial class LeaseWork
{
    /// <summary>Runs <paramref name="work"/>, renewing the lease <paramref name="name"/> every third of <paramref name="ttl"/> until it ends.</summary>
    public static async Task<T> WhileRenewingAsync<T>(INodeLeases leases, string name, TimeSpan ttl, ILogger logger, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = RenewAsync(leases, name, ttl, logger, done.Token);
        try
        {
            return await work();
        }
        finally
        {
            await done.CancelAsync();
            await renewing;
        }
    }

    /// <summary>Releases the lease on a stop in order; a failure only means the other nodes wait for it to expire.</summary>
    public static async Task ReleaseQuietlyAsync(INodeLeases leases, string name)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await leases.ReleaseAsync(name, timeout.Token);
        }
#pragma warning disable CA1031 // A release is a courtesy: the lease expires anyway.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static async Task RenewAsync(INodeLeases leases, string name, TimeSpan ttl, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(ttl / 3, cancellationToken);
                if (!await leases.RenewAsync(name, ttl, cancellationToken))
                {
                    LogLost(logger, name);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The work is done.
        }
#pragma warning disable CA1031 // The database away for a moment: the work goes on; the lease may expire.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogRenewFailed(logger, name, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: the lease of {Job} was taken over while its run went on.")]
    private static partial void LogLost(ILogger logger, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: renewing the lease of {Job} failed ({ExceptionType}).")]
    private static partial void LogRenewFailed(ILogger logger, string job, string exceptionType);
}
