using Microsoft.Extensions.Options;

namespace Haven.Accounts;

/// <summary>Options for the memory-hard derivations.</summary>
internal sealed class Argon2Options
{
    /// <summary>How many Argon2id derivations (64 MiB each) may run at once. Default: the number of cores.</summary>
    public int MaxConcurrent { get; set; } = Environment.ProcessorCount;

    /// <summary>How long a request waits for a slot before it is refused as busy.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>Thrown when the server is too busy to derive a key in time; the web turns it into a 503.</summary>
internal sealed class ServerBusyException : Exception
{
    public ServerBusyException()
        : base("Too many key derivations are waiting.")
    {
    }
}

/// <summary>
/// Bounds the number of concurrent Argon2id derivations so that a flood of receipts or logins cannot
/// exhaust memory: each one takes 64 MiB.
/// </summary>
internal sealed class Argon2Gate(IOptions<Argon2Options> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.MaxConcurrent));

    public async Task<T> RunAsync<T>(Func<T> derive, CancellationToken cancellationToken)
    {
        if (!await _slots.WaitAsync(options.Value.MaxWait, cancellationToken))
        {
            throw new ServerBusyException();
        }

        try
        {
            return await Task.Run(derive, cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
