namespace Haven.Evidence;

/// <summary>The checks run on each proof of a bundle, in the order the desk shows them.</summary>
internal enum ProofCheckKind
{
    /// <summary>The OpenPGP detached signature <c>&lt;sha256&gt;.asc</c> over the media file.</summary>
    MediaSignature,

    /// <summary>The media file's SHA-256, computed here, against the one the proof claims.</summary>
    MediaHash,

    /// <summary>The signature <c>&lt;sha256&gt;.proof.json.asc</c> over the proof's JSON.</summary>
    ProofJsonSignature,

    /// <summary>The signature <c>&lt;sha256&gt;.proof.csv.asc</c> over the proof's CSV (when the bundle holds the CSV).</summary>
    ProofCsvSignature,

    /// <summary>The proof's claims could be read (JSON, or the CSV when there is no JSON).</summary>
    Claims,
}
