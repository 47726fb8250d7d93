using Microsoft.Extensions.Options;

namespace Haven.Accounts;

/// <summary>
/// Bounds the number of concurrent Argon2id derivations so that a flood of receipts or logins cannot
/// exhaust memory: each one takes 64 MiB, so at most (MaxConcurrent + DeskConcurrent) × 64 MiB are in use.
/// The intake and the desk have separate slots, and the intake's waiting line is bounded, so a flood of
/// "ask for help" is refused quickly with a 503 while responders still log in.
/// </summary>
internal sealed class Argon2Gate : IDisposable
{
    private readonly Argon2Options _options;
    private readonly SemaphoreSlim _intake;
    private readonly SemaphoreSlim _desk;
    private int _waiting;
    private long _derivations;

    public Argon2Gate(IOptions<Argon2Options> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _intake = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrent));
        _desk = new SemaphoreSlim(Math.Max(1, _options.DeskConcurrent));
    }

    /// <summary>Intake requests waiting for a slot right now (for tests and figures).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>How many derivations this gate has started since the server started (for tests and figures).</summary>
    public long Derivations => Interlocked.Read(ref _derivations);

    /// <summary>Runs an intake derivation.</summary>
    public Task<T> RunAsync<T>(Func<T> derive, CancellationToken cancellationToken) => RunAsync(Argon2Lane.Intake, derive, cancellationToken);

    /// <summary>Runs a derivation in <paramref name="lane"/>; throws <see cref="ServerBusyException"/> when no slot frees up in time.</summary>
    public async Task<T> RunAsync<T>(Argon2Lane lane, Func<T> derive, CancellationToken cancellationToken)
    {
        var slots = lane == Argon2Lane.Desk ? _desk : _intake;
        var queued = lane == Argon2Lane.Intake;
        if (queued && Interlocked.Increment(ref _waiting) > _options.MaxQueue + _options.MaxConcurrent)
        {
            Interlocked.Decrement(ref _waiting);
            throw new ServerBusyException();
        }

        bool entered;
        try
        {
            entered = await slots.WaitAsync(_options.MaxWait, cancellationToken);
        }
        finally
        {
            if (queued)
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        if (!entered)
        {
            throw new ServerBusyException();
        }

        try
        {
            Interlocked.Increment(ref _derivations);
            return await Task.Run(derive, cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }

    public void Dispose()
    {
        _intake.Dispose();
        _desk.Dispose();
    }
}
