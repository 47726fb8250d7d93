using System.Collections.Concurrent;

namespace Haven.Cluster;

/// <summary>
/// The single-process leases (SQLite): this process is the only node, so every lease is granted; the last run of each
/// job is remembered in memory, by the real clock, so a job still runs once per interval.
/// </summary>
internal sealed class MemoryNodeLeases : INodeLeases
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastRun = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _runs = new(StringComparer.Ordinal);

    /// <summary>Runs finished of the job <paramref name="name"/> (for tests).</summary>
    public long Runs(string name) => _runs.GetValueOrDefault(name);

    public Task<LeaseGrant?> TryAcquireAsync(string name, TimeSpan ttl, CancellationToken cancellationToken) =>
        Task.FromResult<LeaseGrant?>(new LeaseGrant(_lastRun.TryGetValue(name, out var last) ? last : null, TimeProvider.System.GetUtcNow()));

    public Task<bool> RenewAsync(string name, TimeSpan ttl, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task FinishRunAsync(string name, CancellationToken cancellationToken)
    {
        _lastRun[name] = TimeProvider.System.GetUtcNow();
        _runs.AddOrUpdate(name, 1, (_, runs) => runs + 1);
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string name, CancellationToken cancellationToken) => Task.CompletedTask;
}
