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

    /// <summary>The evidentiary copies of the selection (files as received), in its order: what an export offers, all chosen unless said otherwise.</summary>
    public IEnumerable<EvidenceFile> Evidentiary() => Files.Where(f => f.File.WorkingCopy is null);

    /// <summary>The working copies of the selection, each with the evidentiary copy it was made from (directly or through another working copy); null when that one is not listed.</summary>
    public IEnumerable<(EvidenceFile Copy, string? Root)> WorkingCopies()
    {
        var byId = Files.GroupBy(f => f.File.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var file in Files.Where(f => f.File.WorkingCopy is not null))
        {
            var current = file;
            for (var depth = 0; current?.File.WorkingCopy is not null && depth < 16; depth++)
            {
                current = current.File.Original is { } from ? byId.GetValueOrDefault(from) : null;
            }

            yield return (file, current?.File.WorkingCopy is null ? current?.File.Id : null);
        }
    }

    /// <summary>
    /// The request for the evidentiary copies <paramref name="chosen"/> (ids of <see cref="Evidentiary"/>; the caller
    /// checks they are), with the working copies made from them when <paramref name="workingCopies"/>, in the selection's
    /// order, and the events narrowed to them: what the desk's form and <c>haven evidence export</c> both ask for.
    /// </summary>
    public BundleRequest RequestFor(IReadOnlySet<string> chosen, bool workingCopies, BundleRecipient recipient)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        ArgumentNullException.ThrowIfNull(recipient);
        var copies = workingCopies ? WorkingCopies().Where(c => c.Root is not null && chosen.Contains(c.Root)).Select(c => c.Copy.File.Id).ToHashSet(StringComparer.Ordinal) : [];
        var items = Files.Where(f => chosen.Contains(f.File.Id) || copies.Contains(f.File.Id)).Select(f => new BundleItem(f.CaseId, f.File.Id)).ToList();
        return new BundleRequest(items, EventsFor([.. items.Select(i => i.FileId)]), recipient);
    }
}
