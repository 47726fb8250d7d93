using Microsoft.Extensions.Options;

namespace Haven.Accounts;

/// <summary>Options for the memory-hard derivations (<c>Haven:Argon2</c>).</summary>
internal sealed class Argon2Options
{
    /// <summary>How many Argon2id derivations (64 MiB each) for the public intake may run at once. Default: the number of cores.</summary>
    public int MaxConcurrent { get; set; } = Environment.ProcessorCount;

    /// <summary>How many more may run at once for responders (logins, passphrases, enrolment), kept apart so that an intake flood never locks the desk out.</summary>
    public int DeskConcurrent { get; set; } = 1;

    /// <summary>How many intake requests may wait for a slot; beyond that they are refused at once as busy instead of piling up.</summary>
    public int MaxQueue { get; set; } = 64;

    /// <summary>How long a request waits for a slot before it is refused as busy.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>Who a derivation is for: its lane in <see cref="Argon2Gate"/>.</summary>
internal enum Argon2Lane
{
    /// <summary>People: receipts created and opened.</summary>
    Intake,

    /// <summary>Responders: logins, passphrase changes, enrolment.</summary>
    Desk,
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
