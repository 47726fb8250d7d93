namespace Haven.Evidence.Custody;

/// <summary>
/// The audit actions that make up a file's custody log (docs/evidence.md, "Custody log"). Each is an ordinary
/// entry of the signed, hash-chained audit log with the case as its case and a file id as its subject, so that
/// the custody log is content-free on disk and checked by <c>haven audit verify</c> like every other entry.
/// </summary>
internal static class CustodyActions
{
    /// <summary>A file arrived (subject: the file). From a person: by the instance, to the day.</summary>
    public const string Received = "file.received";

    /// <summary>A responder downloaded the file (subject: the file).</summary>
    public const string Downloaded = "file.downloaded";

    /// <summary>
    /// A cleaned working copy was made (subject: the new copy; the file it came from is named in the copy's
    /// encrypted listing). Entries written before redaction existed name the original instead.
    /// </summary>
    public const string Cleaned = "file.cleaned";

    /// <summary>A redacted working copy was made (subject: the new copy).</summary>
    public const string Redacted = "file.redacted";

    /// <summary>The file was put into a signed evidence bundle (subject: the file), written before the bundle streams.</summary>
    public const string Exported = "evidence.exported";

    /// <summary>Changes of who holds the case: each appears in the custody log of every file of the case.</summary>
    public static readonly IReadOnlySet<string> HolderChanges = new HashSet<string>(StringComparer.Ordinal)
    {
        "case.granted", "case.revoked", "case.assigned", "case.unassigned", "case.resealed", "case.purged",
    };
}
