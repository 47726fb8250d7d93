using Haven.Files;

namespace Haven.Evidence.Custody;

/// <summary>
/// The custody log of one file with what the desk shows beside it: the file's own listing (name, size, SHA-256),
/// the listings of the other files of the case (to name the copies made from it), and the display names of the
/// responders that changes of holders name. Only ever in memory, for a responder who holds the case.
/// </summary>
/// <param name="CaseId">The case.</param>
/// <param name="File">What the record that lists the file says about it.</param>
/// <param name="Entries">The log, oldest first (<see cref="CustodyLogQuery"/>).</param>
/// <param name="Files">Every file of the case this responder can read the listing of, by id.</param>
/// <param name="Names">Display names of the responders the entries name as actor or subject, by id.</param>
/// <param name="LegacyCopies">For entries of the legacy form (<c>file.cleaned</c> naming the original), the copy each made, by entry number.</param>
internal sealed record CustodyLog(string CaseId, FileListing File, IReadOnlyList<CustodyEntry> Entries, IReadOnlyDictionary<string, FileListing> Files, IReadOnlyDictionary<string, string> Names, IReadOnlyDictionary<long, string> LegacyCopies)
{
    /// <summary>
    /// For an entry that made a working copy, the copy it made; null for any other entry, and for an entry of the
    /// legacy form that could not be paired with a copy.
    /// </summary>
    public FileListing? CopyMadeBy(CustodyEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Action is not (CustodyActions.Cleaned or CustodyActions.Redacted) || entry.SubjectId is not { } subject)
        {
            return null;
        }

        if (Files.TryGetValue(subject, out var copy) && copy.Original is not null)
        {
            return copy;
        }

        return LegacyCopies.TryGetValue(entry.Seq, out var made) ? Files.GetValueOrDefault(made) : null;
    }
}
