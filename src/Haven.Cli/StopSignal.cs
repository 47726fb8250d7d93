using System.Runtime.InteropServices;

namespace Haven.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM for the <c>haven</c> process. While a long command works (<see cref="Cooperate"/>), the
/// first one cancels <see cref="Token"/>, and the command stops at its next step, deletes what it had begun to write
/// and exits 130; a second one ends the process at once (what was being written then keeps its temporary name: never
/// the final one). Outside long work (a command waiting for a passphrase on standard input, say), the signal ends the
/// process at once, as it would any program.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private static int s_cooperating;

    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _signals;

    public StopSignal()
    {
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => _stop.Token;

    /// <summary>Marks long work that stops cleanly on <see cref="Token"/>, until disposed.</summary>
    public static IDisposable Cooperate()
    {
        Interlocked.Increment(ref s_cooperating);
        return new Cooperation();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (Volatile.Read(ref s_cooperating) > 0 && Interlocked.Increment(ref _signals) == 1)
        {
            context.Cancel = true;
            _stop.Cancel();
        }
    }

    private sealed class Cooperation : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref s_cooperating);
            }
        }
    }
}
