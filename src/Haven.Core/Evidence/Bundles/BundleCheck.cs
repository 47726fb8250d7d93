namespace Haven.Evidence.Bundles;

/// <summary>One check of a bundle: what, about which entry, whether it held, and what was found.</summary>
internal sealed record BundleCheck(BundleCheckKind Kind, bool Passed, string Subject, string Detail);
