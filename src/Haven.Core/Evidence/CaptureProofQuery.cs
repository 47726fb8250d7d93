using Haven.Cases;
using Haven.Files;

namespace Haven.Evidence;

/// <summary>
/// The capture-app proof check of one file of a case, for the desk's file page: the file is decrypted from its
/// blob into memory (with the key in its record, which the caller has already opened with the responder's case
/// key), read as a ProofMode bundle and checked by <see cref="ProofModeVerifier"/>. Run on every view rather than
/// at receipt, so that no result (and none of the proof's claims: times, places, device details) is ever
/// stored; the plaintext buffer is wiped afterwards. A bundle is held whole in memory (a zip is read from its end),
/// so at most <see cref="MaxConcurrentChecks"/> are checked at once and other views wait their turn: the same page
/// opened many times at once costs at most that many bundles of memory, not one per request.
/// </summary>
internal sealed class CaptureProofQuery(BlobStore store, ProofModeVerifier verifier) : IDisposable
{
    /// <summary>How many bundles are read into memory at once, each up to <see cref="EvidenceOptions.MaxBundleBytes"/>.</summary>
    public const int MaxConcurrentChecks = 2;

    private readonly SemaphoreSlim _gate = new(MaxConcurrentChecks, MaxConcurrentChecks);
    private readonly Lock _count = new();
    private int _inFlight;

    /// <summary>The most bundles that were ever in memory at once (for the test of the bound).</summary>
    internal int PeakInFlight { get; private set; }

    /// <summary>The report for the file <paramref name="fileId"/> listed in <paramref name="content"/>, or null when its blob is gone.</summary>
    public async Task<ProofModeReport?> ExecuteAsync(RecordContent content, string fileId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var opened = CaseFileOpener.Open(store, content, fileId);
        if (opened is null)
        {
            return null;
        }

        await using (opened)
        {
            var start = new byte[4];
            var read = await opened.Content.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false, cancellationToken);
            if (!ProofModeVerifier.LooksLikeZip(start.AsSpan(0, read)))
            {
                return ProofModeReport.Of(ProofModeOutcome.NotZip);
            }

            if (opened.Attachment.Size > verifier.Options.MaxBundleBytes)
            {
                return ProofModeReport.Of(ProofModeOutcome.TooLarge);
            }

            await _gate.WaitAsync(cancellationToken);
            var bundle = Array.Empty<byte>();
            try
            {
                lock (_count)
                {
                    PeakInFlight = Math.Max(PeakInFlight, ++_inFlight);
                }

                bundle = new byte[opened.Attachment.Size];
                start.AsSpan(0, read).CopyTo(bundle);
                var length = read + await opened.Content.ReadAtLeastAsync(bundle.AsMemory(read), bundle.Length - read, throwOnEndOfStream: false, cancellationToken);
                return verifier.Verify(bundle, length);
            }
            finally
            {
                Array.Clear(bundle);
                lock (_count)
                {
                    _inFlight--;
                }

                _gate.Release();
            }
        }
    }

    public void Dispose() => _gate.Dispose();
}
