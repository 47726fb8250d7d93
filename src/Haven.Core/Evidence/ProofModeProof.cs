namespace Haven.Evidence;

/// <summary>
/// One proof of a bundle, for the media file whose SHA-256 names it: the checks run (each passed or failed with
/// its reason) and the claims the proof makes: the capture time (<c>File Created</c>, else <c>Proof
/// Generated</c>, as the phone's clock gave it), the location when the app recorded one, and every field.
/// </summary>
internal sealed record ProofModeProof(
    string Hash,
    string? MediaName,
    IReadOnlyList<ProofCheck> Checks,
    IReadOnlyList<ProofClaim> Claims,
    string? CaptureTime,
    string? Latitude,
    string? Longitude)
{
    public bool Passed => Checks.All(c => c.Passed);
}
