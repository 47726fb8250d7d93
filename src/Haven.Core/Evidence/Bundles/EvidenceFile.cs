using Haven.Files;

namespace Haven.Evidence.Bundles;

/// <summary>
/// A file a bundle may hold: its case, what the record that lists it says about it (never its key) and the day of
/// that record. <see cref="FileListing.WorkingCopy"/> is null for the evidentiary copy, the file as received.
/// </summary>
internal sealed record EvidenceFile(string CaseId, FileListing File, DateOnly On);
