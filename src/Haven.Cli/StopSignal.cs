using System.Runtime.InteropServices;

namespace Haven.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM for the <c>haven</c> process: the first one cancels <see cref="Token"/>, and the command
/// stops at its next step, deletes what it had begun to write and exits 130. A second one ends the process at once
/// (what was being written then keeps its temporary name: never the final one).
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _signals;

    public StopSignal()
    {
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => _stop.Token;

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
        if (Interlocked.Increment(ref _signals) == 1)
        {
            context.Cancel = true;
            _stop.Cancel();
        }
    }
}
