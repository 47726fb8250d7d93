namespace Haven.Evidence;

/// <summary>What became of a file read as a ProofMode bundle.</summary>
internal enum ProofModeOutcome
{
    /// <summary>The file is not a zip: nothing to say about capture proofs.</summary>
    NotZip,

    /// <summary>A zip, but with neither a ProofMode proof (<c>&lt;sha256&gt;.proof.json</c> or <c>.proof.csv</c>) nor <c>pubkey.asc</c>.</summary>
    NotProofMode,

    /// <summary>Larger than <see cref="EvidenceOptions.MaxBundleBytes"/>: not read.</summary>
    TooLarge,

    /// <summary>A zip that was not read to the end, for the <see cref="ProofModeRefusal"/> given.</summary>
    Refused,

    /// <summary>A ProofMode bundle whose checks were run: see each proof's checks.</summary>
    Checked,
}
