namespace Haven.Evidence.Bundles;

/// <summary>One file to put in a signed evidence bundle: the case it belongs to and its id (an evidentiary or a working copy).</summary>
internal sealed record BundleItem(string CaseId, string FileId);
