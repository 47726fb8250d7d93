using Haven.Cases;
using Haven.Files;

namespace Haven.Evidence;

/// <summary>
/// The capture-app proof check of one file of a case, for the desk's file page: the file is decrypted from its
/// blob into memory (with the key in its record, which the caller has already opened with the responder's case
/// key), read as a ProofMode bundle and checked by <see cref="ProofModeVerifier"/>. Run on every view rather than
/// at receipt, so that no result (and none of the proof's claims: times, places, device details) is ever
/// stored; the plaintext buffer is wiped afterwards.
/// </summary>
internal sealed class CaptureProofQuery(BlobStore store, ProofModeVerifier verifier)
{
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

            var bundle = new byte[opened.Attachment.Size];
            try
            {
                start.AsSpan(0, read).CopyTo(bundle);
                var length = read + await opened.Content.ReadAtLeastAsync(bundle.AsMemory(read), bundle.Length - read, throwOnEndOfStream: false, cancellationToken);
                return verifier.Verify(bundle, length);
            }
            finally
            {
                Array.Clear(bundle);
            }
        }
    }
}
