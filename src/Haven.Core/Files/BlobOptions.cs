namespace Haven.Files;

/// <summary>
/// Where the encrypted blobs are kept (<c>Haven:Blobs</c>), validated at start-up. Several web nodes share one
/// folder (a shared filesystem mounted on each, e.g. NFS with <c>sync</c>: docs/operations.md, "Running several
/// nodes").
/// </summary>
internal sealed class BlobOptions
{
    /// <summary>The blob folder, an absolute path; empty for <c>&lt;data&gt;/blobs</c>.</summary>
    public string? Path { get; set; }

    /// <summary>
    /// On PostgreSQL (several nodes on one folder), how long a blob the database does not know must have been left
    /// untouched before a sweep deletes it (default 1440, a day): until then it may be part of another node's upload
    /// (a message's first file waits, pending, while the next ones arrive over a slow connection) or published and
    /// not yet committed. Set it longer than the slowest upload; 0 only when a single node uses the folder. Such
    /// blobs are not counted in the quota (that counts committed files). SQLite has one node, which knows its own
    /// uploads: no grace there.
    /// </summary>
    public int SweepGraceMinutes { get; set; } = 1440;

    public string? Problem()
    {
        if (!string.IsNullOrEmpty(Path) && (!System.IO.Path.IsPathFullyQualified(Path) || Path.Contains('\0', StringComparison.Ordinal)))
        {
            return "Haven:Blobs:Path must be an absolute path to a folder (or empty for <data>/blobs).";
        }

        return SweepGraceMinutes is < 0 or > 10080
            ? "Haven:Blobs:SweepGraceMinutes must be between 0 (one node uses the folder) and 10080 (a week)."
            : null;
    }
}
