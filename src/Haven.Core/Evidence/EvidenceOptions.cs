namespace Haven.Evidence;

/// <summary>
/// Limits on reading capture-app proof bundles (<c>Haven:Evidence</c>), validated at start-up. A bundle is a zip a
/// person sent: it is hostile until checked, so it is read in memory only, within these bounds.
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

    public string? Problem() =>
        MaxBundleBytes is < 1024 or > 1024L * 1024 * 1024 ? "Haven:Evidence:MaxBundleBytes must be between 1024 and 1073741824 (1 GiB)."
        : MaxEntries is < 4 or > 10_000 ? "Haven:Evidence:MaxEntries must be between 4 and 10000."
        : MaxSmallEntryBytes is < 4096 or > 64 * 1024 * 1024 ? "Haven:Evidence:MaxSmallEntryBytes must be between 4096 and 67108864 (64 MiB)."
        : MaxExpandedBytes < MaxBundleBytes || MaxExpandedBytes > 16L * 1024 * 1024 * 1024 ? "Haven:Evidence:MaxExpandedBytes must be at least MaxBundleBytes and at most 17179869184 (16 GiB)."
        : null;
}
