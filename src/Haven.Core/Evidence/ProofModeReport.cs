namespace Haven.Evidence;

/// <summary>
/// What <see cref="ProofModeVerifier"/> found in a file: whether it is a ProofMode bundle, why it was refused if
/// it was, and otherwise the bundle's key and each proof's checks. Holds what the proofs claim (times,
/// places): it lives in memory for one page and is never stored or logged.
/// </summary>
internal sealed record ProofModeReport(ProofModeOutcome Outcome, ProofModeRefusal? Refusal, ProofModeKey? Key, IReadOnlyList<ProofModeProof> Proofs)
{
    public static ProofModeReport Of(ProofModeOutcome outcome) => new(outcome, null, null, []);

    public static ProofModeReport Refuse(ProofModeRefusal refusal) => new(ProofModeOutcome.Refused, refusal, null, []);

    /// <summary>Checked, with a readable key, at least one proof, and every check of every proof passed.</summary>
    public bool Valid => Outcome == ProofModeOutcome.Checked && Key?.Status == ProofCheckStatus.Passed && Proofs.Count > 0 && Proofs.All(p => p.Passed);
}
