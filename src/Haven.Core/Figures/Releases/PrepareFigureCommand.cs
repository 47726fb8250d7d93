using Haven.Accounts;
using Haven.Audit;
using Haven.Crypto;
using Haven.Figures.Definition;
using Haven.Record.Keys;
using Haven.Record.Vocabulary;
using Microsoft.EntityFrameworkCore;

namespace Haven.Figures.Releases;

/// <summary>
/// An analyst (or administrator) who holds the current documentation key previews a figure and prepares it for
/// publishing: the published table, the audit and the definition stored in plaintext (they are public once
/// approved), the true table only encrypted (the basis), and a second person must approve it
/// (<see cref="ApproveFigureCommand"/>). A correction of figure N is a new version of N, audited together with
/// every earlier published or withdrawn version, and says what changed.
/// </summary>
internal sealed class PrepareFigureCommand(FigurePreviewer previewer, AuditedWriter writer, TimeProvider clock)
{
    /// <summary>
    /// The figure as it would be published, computed now; nothing is stored. <paramref name="number"/> makes it a
    /// correction of that figure (its earlier versions are audited with it).
    /// </summary>
    public async Task<(FigureOutcome Outcome, FigurePreview? Preview)> PreviewAsync(FigureDefinition definition, int? number, UnlockedResponder analyst, CancellationToken cancellationToken)
    {
        var (outcome, preview, _) = await previewer.ComputeAsync(definition, number, analyst, cancellationToken);
        return (outcome, preview);
    }

    /// <summary>
    /// Computes the figure again and stores it as a release waiting for approval: version 1 of a new figure
    /// (numbered after the highest) or, with <paramref name="number"/>, the next version of that figure. A
    /// <paramref name="releaseId"/> already stored (a repeated form) answers that release without writing.
    /// </summary>
    public async Task<(FigureOutcome Outcome, FigureRelease? Release)> ExecuteAsync(
        string releaseId,
        FigureDefinition definition,
        IReadOnlyDictionary<string, string> titles,
        int? number,
        string? changeNote,
        UnlockedResponder analyst,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(titles);
        ArgumentNullException.ThrowIfNull(analyst);
        if (!FigureDefinitionRules.MayPublish(analyst.Role))
        {
            return (FigureOutcome.NotAllowed, null);
        }

        if (!RandomId.IsValid(releaseId))
        {
            return (FigureOutcome.Invalid, null);
        }

        var cleanTitles = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (culture, title) in titles)
        {
            var text = FigureDefinitionRules.Normalize(title);
            if (text.Length == 0)
            {
                continue;
            }

            if (!VocabularyRules.IsCultureName(culture) || text.Length > FigureDefinitionRules.MaxTitleLength)
            {
                return (FigureOutcome.Invalid, null);
            }

            cleanTitles[culture] = text;
        }

        if (!cleanTitles.ContainsKey("en"))
        {
            return (FigureOutcome.TitleRequired, null);
        }

        var note = FigureDefinitionRules.Normalize(changeNote);
        if (number is not null && note.Length == 0)
        {
            return (FigureOutcome.ChangeNoteRequired, null);
        }

        if (note.Length > FigureDefinitionRules.MaxNoteLength)
        {
            return (FigureOutcome.Invalid, null);
        }

        var (outcome, preview, earlierIds) = await previewer.ComputeAsync(definition, number, analyst, cancellationToken);
        if (outcome != FigureOutcome.Done || preview is null)
        {
            return (outcome, null);
        }

        // Protect widens what it can; a band the earlier versions already narrow is refused, never stored.
        if (!preview.Protection.Audit.Passed)
        {
            return (FigureOutcome.AuditFailed, null);
        }

        var basis = FigureBasis.Of(preview.Truth, preview.Protection.Reasons);
        var preparedAt = clock.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await writer.WriteAsync(
                    async scope =>
                    {
                        var db = scope.Db;
                        if (await db.FigureReleases.AsNoTracking().SingleOrDefaultAsync(r => r.Id == releaseId, cancellationToken) is { } stored)
                        {
                            return stored.PreparedBy == analyst.Id ? (FigureOutcome.Done, stored) : (FigureOutcome.NotAllowed, null);
                        }

                        int figure, version;
                        if (number is { } n)
                        {
                            var versions = await db.FigureReleases.AsNoTracking().Where(r => r.Number == n).Select(r => new { r.Id, r.Version, r.Status }).ToListAsync(cancellationToken);
                            if (versions.Count == 0)
                            {
                                return (FigureOutcome.NotFound, null);
                            }

                            if (versions.Any(v => v.Status == FigureReleaseStatus.Prepared))
                            {
                                return (FigureOutcome.AlreadyWaiting, null);
                            }

                            // A version published since the preview was computed was not audited with it.
                            var published = versions.Where(v => v.Status is FigureReleaseStatus.Published or FigureReleaseStatus.Withdrawn).Select(v => v.Id);
                            if (!published.Order(StringComparer.Ordinal).SequenceEqual(earlierIds.Order(StringComparer.Ordinal)))
                            {
                                return (FigureOutcome.Stale, null);
                            }

                            (figure, version) = (n, versions.Max(v => v.Version) + 1);
                        }
                        else
                        {
                            (figure, version) = ((await db.FigureReleases.MaxAsync(r => (int?)r.Number, cancellationToken) ?? 0) + 1, 1);
                        }

                        if (await DocumentationKeys.CurrentAsync(db, cancellationToken) is not { } documentation)
                        {
                            return (FigureOutcome.NoDocumentationKey, null);
                        }

                        var (ciphertext, keyForDocumentation) = basis.Seal(releaseId, documentation.PublicKey);
                        var release = new FigureRelease
                        {
                            Id = releaseId,
                            Number = figure,
                            Version = version,
                            Status = FigureReleaseStatus.Prepared,
                            Definition = FiguresJson.ToJson(definition),
                            Titles = FiguresJson.ToJson(cleanTitles),
                            ChangeNote = number is null ? null : note,
                            Threshold = preview.Published.Threshold,
                            Published = FiguresJson.ToJson(preview.Published),
                            Audit = FiguresJson.ToJson(preview.Protection.Audit),
                            Basis = ciphertext,
                            BasisKeyForDocumentation = keyForDocumentation,
                            DocumentationGeneration = documentation.Generation,
                            PreparedAt = preparedAt,
                            PreparedBy = analyst.Id,
                        };
                        db.FigureReleases.Add(release);
                        await scope.SaveAsync(AuditActor.For(analyst), new AuditEvent(FigureActions.Prepared, null, releaseId), cancellationToken);
                        return (FigureOutcome.Done, (FigureRelease?)release);
                    },
                    cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 4)
            {
                // Another process took the number or the version: read again and try again.
            }
        }
    }
}
