using Microsoft.Extensions.Options;

namespace Haven.Evidence.Bundles;

/// <summary>
/// How many signed evidence bundles this server streams at once (<see cref="EvidenceOptions.MaxConcurrentExports"/>).
/// A bundle holds little memory but reads, decrypts, hashes and encrypts every byte of its files for as long as the
/// recipient's connection takes, so a desk (or someone holding a responder's session) asking for many at once would
/// otherwise take the disk and both cores from everyone else. A slot is taken before the export is prepared (and its
/// custody entries written) and given back when the download ends or fails; an export that finds no free slot
/// within <see cref="EvidenceOptions.ExportWaitSeconds"/> is refused with nothing recorded, and the form is shown again.
/// </summary>
internal sealed class BundleExportGate(IOptions<EvidenceOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentExports, options.Value.MaxConcurrentExports);
    private readonly Lock _count = new();
    private int _inFlight;

    /// <summary>The most bundles that were ever streaming at once (for the test of the bound).</summary>
    internal int PeakInFlight { get; private set; }

    /// <summary>A slot, to dispose of once the bundle is written or given up; null when none came free in time.</summary>
    public async Task<IDisposable?> TryEnterAsync(CancellationToken cancellationToken)
    {
        if (!await _slots.WaitAsync(TimeSpan.FromSeconds(options.Value.ExportWaitSeconds), cancellationToken))
        {
            return null;
        }

        lock (_count)
        {
            PeakInFlight = Math.Max(PeakInFlight, ++_inFlight);
        }

        return new Slot(this);
    }

    public void Dispose() => _slots.Dispose();

    private void Leave()
    {
        lock (_count)
        {
            _inFlight--;
        }

        _slots.Release();
    }

    /// <summary>One taken slot: given back once, however many times it is disposed of.</summary>
    private sealed class Slot(BundleExportGate gate) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                gate.Leave();
            }
        }
    }
}
