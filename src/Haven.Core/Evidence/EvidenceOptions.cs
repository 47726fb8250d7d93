namespace Haven.Evidence;

/// <summary>
/// Limits of the Evidence area (<c>Haven:Evidence</c>), validated at start-up: on reading capture-app proof bundles (a
/// zip a person sent is hostile until checked, so it is read in memory only, within these bounds), and on exporting
/// signed evidence bundles (how many files, how large a recipient's key, how short a passphrase).
/// </summary>
internal sealed class EvidenceOptions
{
    /// <summary>Largest bundle that is verified, in bytes (default 64 MiB): it is decrypted whole into memory to be read.</summary>
    public long MaxBundleBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Most entries a bundle may list (default 200); a zip with more is refused.</summary>
    public int MaxEntries { get; set; } = 200;

    /// <summary>Largest proof, signature or key entry once decompressed, in bytes (default 1 MiB).</summary>
    public int MaxSmallEntryBytes { get; set; } = 1024 * 1024;

    /// <summary>Most bytes read out of a bundle's entries in all, decompressed (default 1 GiB): the bound on zip bombs.</summary>
    public long MaxExpandedBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Most files one signed evidence bundle may hold (default 1000).</summary>
    public int MaxExportFiles { get; set; } = 1000;

    /// <summary>Largest recipient OpenPGP public key accepted, armored, in bytes (default 1 MiB: keys with many signatures are large).</summary>
    public int MaxRecipientKeyBytes { get; set; } = 1024 * 1024;

    /// <summary>Fewest characters of a passphrase a bundle is encrypted to (default 12, like responders' passphrases).</summary>
    public int MinExportPassphraseLength { get; set; } = 12;

    /// <summary>Most signed evidence bundles the server streams at once (default 2); others wait for a slot.</summary>
    public int MaxConcurrentExports { get; set; } = 2;

    /// <summary>How long an export waits for a free slot before it is refused with "busy", in seconds (default 10).</summary>
    public int ExportWaitSeconds { get; set; } = 10;

    public string? Problem() =>
        MaxBundleBytes is < 1024 or > 1024L * 1024 * 1024 ? "Haven:Evidence:MaxBundleBytes must be between 1024 and 1073741824 (1 GiB)."
        : MaxEntries is < 4 or > 10_000 ? "Haven:Evidence:MaxEntries must be between 4 and 10000."
        : MaxSmallEntryBytes is < 4096 or > 64 * 1024 * 1024 ? "Haven:Evidence:MaxSmallEntryBytes must be between 4096 and 67108864 (64 MiB)."
        : MaxExpandedBytes < MaxBundleBytes || MaxExpandedBytes > 16L * 1024 * 1024 * 1024 ? "Haven:Evidence:MaxExpandedBytes must be at least MaxBundleBytes and at most 17179869184 (16 GiB)."
        : MaxExportFiles is < 1 or > 100_000 ? "Haven:Evidence:MaxExportFiles must be between 1 and 100000."
        : MaxRecipientKeyBytes is < 1024 or > 16 * 1024 * 1024 ? "Haven:Evidence:MaxRecipientKeyBytes must be between 1024 and 16777216 (16 MiB)."
        : MinExportPassphraseLength is < 12 or > 256 ? "Haven:Evidence:MinExportPassphraseLength must be between 12 and 256."
        : MaxConcurrentExports is < 1 or > 64 ? "Haven:Evidence:MaxConcurrentExports must be between 1 and 64."
        : ExportWaitSeconds is < 0 or > 600 ? "Haven:Evidence:ExportWaitSeconds must be between 0 and 600."
        : null;
}
