using Haven.Accounts;
using Haven.Audit;
using Microsoft.Extensions.Options;

namespace Haven.Record.Vocabulary;

/// <summary>
/// Imports a gazetteer CSV (<see cref="GazetteerCsv"/>), all or nothing: every line is checked against the gazetteer
/// and the file first, and one problem anywhere writes nothing. A code already in the gazetteer is updated (its
/// parent and the labels of the file's columns; an empty label removes that language's label), a new one added;
/// countries are taken before regions, so a file may list them in any order. Each region added or changed gets its
/// audit entry (<c>record.region.added</c> or <c>record.region.changed</c>, the code as subject), in the same commit.
/// </summary>
internal sealed class ImportGazetteerCommand(AuditedWriter writer, RecordVocabulary vocabulary, IOptions<RecordOptions> options)
{
    /// <summary>Imports the file for an administrator on the desk.</summary>
    /// <param name="csv">The file; read up to the size limit.</param>
    /// <param name="responder">Who imports it; only administrators may.</param>
    /// <param name="cancellationToken">Cancels the import.</param>
    public Task<GazetteerImportResult> ExecuteAsync(Stream csv, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responder);
        return VocabularyRoles.CanEdit(responder.Role)
            ? ImportAsync(csv, AuditActor.For(responder), cancellationToken)
            : Task.FromResult(GazetteerImportResult.Failed(new GazetteerImportError(0, GazetteerImportProblem.NotAllowed)));
    }

    /// <summary>Imports the file for the operator (<c>haven record gazetteer import</c>), audited as the instance itself.</summary>
    /// <param name="csv">The file; read up to the size limit.</param>
    /// <param name="cancellationToken">Cancels the import.</param>
    public Task<GazetteerImportResult> ExecuteAsync(Stream csv, CancellationToken cancellationToken) =>
        ImportAsync(csv, writer.System(dayOnly: false), cancellationToken);

    private async Task<GazetteerImportResult> ImportAsync(Stream csv, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var max = options.Value.GazetteerImportMaxBytes;
        var bytes = await ReadAtMostAsync(csv, max, cancellationToken);
        if (bytes is null)
        {
            return GazetteerImportResult.Failed(new GazetteerImportError(0, GazetteerImportProblem.TooLarge));
        }

        var (lines, errors) = GazetteerCsv.Read(bytes);
        if (errors.Count > 0 && lines.Count == 0)
        {
            return GazetteerImportResult.Failed([.. errors.Take(GazetteerImportResult.MaxErrors)]);
        }

        var result = await writer.WriteAsync(
            async scope =>
            {
                var edit = await GazetteerEdit.LoadAsync(scope.Db, options.Value.MaxRegions, cancellationToken);
                // The lines that could be read are checked too, so that one report lists every problem of the file.
                var problems = new List<GazetteerImportError>(errors);
                var events = new List<AuditEvent>();
                var (added, changed, unchanged) = (0, 0, 0);
                var seen = new HashSet<string>(StringComparer.Ordinal);

                // Countries first, so that a region may come before its country in the file.
                foreach (var line in lines.OrderBy(l => l.ParentCode is null ? 0 : 1).ThenBy(l => l.Line))
                {
                    if (problems.Count >= GazetteerImportResult.MaxErrors)
                    {
                        break;
                    }

                    if (!VocabularyRules.IsRegionKey(line.Code))
                    {
                        problems.Add(new GazetteerImportError(line.Line, GazetteerImportProblem.InvalidCode, GazetteerImportError.Clip(line.Code)));
                        continue;
                    }

                    if (!seen.Add(line.Code))
                    {
                        problems.Add(new GazetteerImportError(line.Line, GazetteerImportProblem.DuplicateCode, line.Code));
                        continue;
                    }

                    var outcome = edit.Set(line.Code, line.ParentCode, line.Labels, out var change);
                    if (outcome != VocabularyOutcome.None)
                    {
                        problems.Add(Problem(line, outcome));
                        if (outcome == VocabularyOutcome.TooManyRegions)
                        {
                            break;
                        }

                        continue;
                    }

                    if (line.Retired is { } retired && edit.SetRetired(line.Code, retired) == VocabularyOutcome.None && change != RegionChangeKind.Added)
                    {
                        events.Add(new AuditEvent(retired ? VocabularyActions.RegionRetired : VocabularyActions.RegionRestored, null, line.Code));
                        change = change == RegionChangeKind.None ? RegionChangeKind.Retired : change;
                    }

                    switch (change)
                    {
                        case RegionChangeKind.Added:
                            added++;
                            events.Add(new AuditEvent(VocabularyActions.RegionAdded, null, line.Code));
                            break;
                        case RegionChangeKind.Changed:
                            changed++;
                            events.Add(new AuditEvent(VocabularyActions.RegionChanged, null, line.Code));
                            break;
                        case RegionChangeKind.Retired:
                            changed++;
                            break;
                        default:
                            unchanged++;
                            break;
                    }
                }

                if (problems.Count > 0)
                {
                    // Nothing is saved: the context with the changes made so far is dropped with the write.
                    return GazetteerImportResult.Failed([.. problems.OrderBy(p => p.Line)]);
                }

                if (events.Count > 0)
                {
                    await scope.SaveAsync(actor, events, cancellationToken);
                }

                return new GazetteerImportResult([], added, changed, unchanged);
            },
            cancellationToken,
            transaction: true);
        vocabulary.Invalidate();
        return result;
    }

    private static GazetteerImportError Problem(GazetteerCsvLine line, VocabularyOutcome outcome) => outcome switch
    {
        VocabularyOutcome.InvalidCode => new GazetteerImportError(line.Line, GazetteerImportProblem.InvalidParent, GazetteerImportError.Clip(line.ParentCode)),
        VocabularyOutcome.InvalidParent => new GazetteerImportError(line.Line, GazetteerImportProblem.InvalidParent, GazetteerImportError.Clip(line.ParentCode)),
        VocabularyOutcome.HasRegions => new GazetteerImportError(line.Line, GazetteerImportProblem.HasRegions, line.Code),
        VocabularyOutcome.MissingEnglishLabel => new GazetteerImportError(line.Line, GazetteerImportProblem.MissingEnglishLabel),
        VocabularyOutcome.TooManyRegions => new GazetteerImportError(line.Line, GazetteerImportProblem.TooManyRegions),
        _ => new GazetteerImportError(line.Line, GazetteerImportProblem.InvalidLabel, FirstBadLabel(line)),
    };

    private static string? FirstBadLabel(GazetteerCsvLine line) =>
        line.Labels.Where(l => !string.IsNullOrEmpty(VocabularyRules.NormalizeLabel(l.Value)) && !VocabularyRules.IsLabel(VocabularyRules.NormalizeLabel(l.Value)))
            .Select(l => GazetteerCsv.LabelPrefix + l.Key).FirstOrDefault();

    /// <summary>The stream's bytes, or null when it holds more than <paramref name="max"/>.</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream stream, int max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
