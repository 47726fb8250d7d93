namespace Haven.Files;

/// <summary>
/// How a working copy was made from the file it came from (<see cref="FileListing.CopyKind"/>). The file as
/// received is the evidentiary copy and has no kind; it is never replaced, edited or deleted except by the
/// retention purge of its whole case.
/// </summary>
internal static class WorkingCopyKinds
{
    /// <summary>Metadata removed (<see cref="MetadataCleaner"/>).</summary>
    public const string Cleaned = "cleaned";

    /// <summary>An image with rectangles blacked out on the desk.</summary>
    public const string Redacted = "redacted";
}
