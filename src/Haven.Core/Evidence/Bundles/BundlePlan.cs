namespace Haven.Evidence.Bundles;

/// <summary>
/// A checked export, ready to stream with <see cref="BuildBundleCommand.WriteAsync"/>: the bundle's id, the name of
/// the file to send (<c>haven-evidence-&lt;id&gt;.gpg</c>), how many bytes of files it carries (the sum of their sizes,
/// for a progress display; the bundle itself is slightly larger) and how many files. The signed manifest, the file
/// keys and the recipient are inside, in memory only.
/// </summary>
internal sealed record BundlePlan(string BundleId, string FileName, long PlaintextBytes, int FileCount)
{
    /// <summary>What <see cref="BundleStreamWriter"/> writes; never shown (its ToString names no key).</summary>
    internal required BundleContent Content { get; init; }
}
