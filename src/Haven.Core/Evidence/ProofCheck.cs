namespace Haven.Evidence;

/// <summary>
/// One check of a proof. <see cref="Found"/> and <see cref="Expected"/> say what was compared: for
/// <see cref="ProofCheckKind.MediaHash"/> the computed and the claimed SHA-256; for a signature by another key
/// that key's id and the bundle key's fingerprint. <see cref="SignedAt"/> is a valid or invalid signature's
/// creation time as the signature states it.
/// </summary>
internal sealed record ProofCheck(ProofCheckKind Kind, ProofCheckStatus Status, string? Found = null, string? Expected = null, DateTime? SignedAt = null)
{
    public bool Passed => Status == ProofCheckStatus.Passed;
}
