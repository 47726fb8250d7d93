using Haven.Progress;

namespace Haven.Cli;

/// <summary>
/// Progress as plain lines on standard error, for a log or a pipe: one as soon as the work reports, then at most one
/// every <see cref="Every"/> (whether the work moved or not, so that a stalled command is visible), and one at the end.
/// </summary>
internal sealed class PlainProgress : IProgress<WorkProgress>, IAsyncDisposable
{
    /// <summary>The least time between two lines.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    private readonly ProgressKind _kind;
    private readonly TextWriter _stderr;
    private readonly TimeProvider _clock;
    private readonly long _started;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _ticks;
    private WorkProgress? _last;
    private long _printed;
    private bool _hasPrinted;

    public PlainProgress(ProgressKind kind, TextWriter stderr, TimeProvider clock)
    {
        _kind = kind;
        _stderr = stderr;
        _clock = clock;
        _started = clock.GetTimestamp();
        _ticks = TickAsync();
    }

    public void Report(WorkProgress value)
    {
        lock (_lock)
        {
            _last = value;
            if (!_hasPrinted)
            {
                Print(finished: false);
            }
        }
    }

    /// <summary>Writes the last line (the work finished).</summary>
    public void Finish()
    {
        lock (_lock)
        {
            _stop.Cancel();
            Print(finished: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _ticks;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _clock);
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            lock (_lock)
            {
                if (!_stop.IsCancellationRequested && _hasPrinted && _clock.GetElapsedTime(_printed) >= Every)
                {
                    Print(finished: false);
                }
            }
        }
    }

    /// <summary>Writes a line for the last report (called holding the lock).</summary>
    private void Print(bool finished)
    {
        if (_last is not { } last)
        {
            return;
        }

        _printed = _clock.GetTimestamp();
        _hasPrinted = true;
        _stderr.WriteLine(ProgressText.Line(_kind, last, _clock.GetElapsedTime(_started), finished));
        _stderr.Flush();
    }
}
