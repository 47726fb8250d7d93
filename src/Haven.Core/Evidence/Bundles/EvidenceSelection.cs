namespace Haven.Evidence.Bundles;

/// <summary>
/// What a responder may export from a case or from a set of documented events (<see cref="EvidenceEventsQuery"/>):
/// the events they may read, each with the ids of the files that support it, the files of the source cases they
/// hold, and how many cases and files are left out because they do not hold them.
/// </summary>
/// <param name="Events">The events, in the order asked (or, for a case, oldest first), with their current coding.</param>
/// <param name="Files">The files of the held source cases, case by case in the order of <paramref name="CaseIds"/>, each case's files in the order its records list them.</param>
/// <param name="CaseIds">The held cases the files come from.</param>
/// <param name="CasesLeftOut">Source cases of the events that the responder does not hold.</param>
/// <param name="FilesLeftOut">Evidentiary copies (files as received) of those cases, none of which is listed here.</param>
internal sealed record EvidenceSelection(IReadOnlyList<BundleEvent> Events, IReadOnlyList<EvidenceFile> Files, IReadOnlyList<string> CaseIds, int CasesLeftOut, int FilesLeftOut)
{
    /// <summary>
    /// The events as a bundle of <paramref name="fileIds"/> lists them: each event's files narrowed to those in the
    /// bundle (an event none of whose files is in it is still listed, with none).
    /// </summary>
    public IReadOnlyList<BundleEvent> EventsFor(IReadOnlyCollection<string> fileIds)
    {
        ArgumentNullException.ThrowIfNull(fileIds);
        var chosen = fileIds.ToHashSet(StringComparer.Ordinal);
        return [.. Events.Select(e => e with { Files = [.. e.Files.Where(chosen.Contains)] })];
    }
}
