namespace Haven.Storage;

/// <summary>The write lock of a single node: a semaphore in this process, re-entrant within one asynchronous flow.</summary>
internal sealed class ProcessWriteLock : IWriteLock, IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>Whether the current asynchronous flow already holds <see cref="_lock"/>.</summary>
    private readonly AsyncLocal<bool> _held = new();

    public async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_held.Value)
        {
            return await work();
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            _held.Value = true;
            return await work();
        }
        finally
        {
            _held.Value = false;
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();
}
