namespace Haven.Evidence.Bundles;

/// <summary>
/// What to export: the files (in the order the manifest lists them), the coded events they support (coding only),
/// and the recipient. Events may be empty (an export from a case with no documented events).
/// </summary>
internal sealed record BundleRequest(IReadOnlyList<BundleItem> Items, IReadOnlyList<BundleEvent> Events, BundleRecipient Recipient);
