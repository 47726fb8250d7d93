namespace Haven.Evidence.Bundles;

/// <summary>
/// What <see cref="BundleVerifier"/> found: every check in the order it was made, and the manifest when it could be
/// read. Valid only when the format, both signatures and every listed file were checked and nothing failed.
/// </summary>
internal sealed record BundleReport(IReadOnlyList<BundleCheck> Checks, BundleManifest? Manifest)
{
    /// <summary>Whether the manifest's instance key was compared with one given by the checker.</summary>
    public bool InstanceKeyCompared => Checks.Any(c => c.Kind == BundleCheckKind.InstanceKey);

    public IEnumerable<BundleCheck> Failures => Checks.Where(c => !c.Passed);

    public bool Valid =>
        Manifest is not null
        && Checks.All(c => c.Passed)
        && Checks.Any(c => c.Kind == BundleCheckKind.Format)
        && Checks.Any(c => c.Kind == BundleCheckKind.ResponderSignature)
        && Checks.Any(c => c.Kind == BundleCheckKind.InstanceSignature)
        && Manifest.Files.All(f => Checks.Count(c => c.Kind == BundleCheckKind.FileHash && c.Subject == f.Path) == 1);
}
