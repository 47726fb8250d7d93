using Haven.Accounts;
using Haven.Figures.Definition;
using Haven.Figures.Disclosure;
using Haven.Figures.Tables;
using Haven.Figures.Tabulation;
using Haven.Record.Index;
using Haven.Record.Keys;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Figures.Releases;

/// <summary>
/// The computation behind a preview and a preparation: checks who asks and what, opens the earlier versions of the
/// figure (their published tables and decrypted bases), counts the true table from the coding the responder's
/// keyring opens, protects it and labels it. Stores nothing.
/// </summary>
internal sealed class FigurePreviewer(CodingIndex index, FigureTabulator tabulator, FigureLabels labels, DisclosureControl disclosure, IOptions<FiguresOptions> options, IDbContextFactory<HavenDbContext> dbFactory)
{
    /// <summary>
    /// The preview of <paramref name="definition"/> (a correction of figure <paramref name="number"/> when it is set),
    /// and the ids of the earlier versions it audited against, for the preparation to check they did not change.
    /// </summary>
    public async Task<(FigureOutcome Outcome, FigurePreview? Preview, IReadOnlyList<string> EarlierIds)> ComputeAsync(FigureDefinition definition, int? number, UnlockedResponder analyst, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(analyst);
        if (!FigureDefinitionRules.MayPublish(analyst.Role))
        {
            return (FigureOutcome.NotAllowed, null, []);
        }

        if (FigureDefinitionRules.Problem(definition) is not null)
        {
            return (FigureOutcome.Invalid, null, []);
        }

        var earlier = new List<EarlierRelease>();
        var earlierIds = new List<string>();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // Generations granted or rotated since login: the preparer must hold the current one.
            await DocumentationKeys.OpenIntoAsync(db, analyst, cancellationToken);
            if (await DocumentationKeys.CurrentAsync(db, cancellationToken) is not { } current || !analyst.Documentation.TryGet(current.Generation, out _))
            {
                return (FigureOutcome.NoDocumentationKey, null, []);
            }

            if (number is { } n)
            {
                var versions = await db.FigureReleases.AsNoTracking().Where(r => r.Number == n).ToListAsync(cancellationToken);
                if (versions.Count == 0)
                {
                    return (FigureOutcome.NotFound, null, []);
                }

                foreach (var version in versions.Where(IsPublic).OrderBy(r => r.Version))
                {
                    if (FigureBasis.Open(version, analyst.Documentation)?.ToTable() is not { } basis || FiguresJson.FromJson<PublishedTable>(version.Published) is not { } earlierTable)
                    {
                        return (FigureOutcome.EarlierUnreadable, null, []);
                    }

                    earlier.Add(new EarlierRelease(earlierTable, basis.Truth) { Version = version.Version });
                    earlierIds.Add(version.Id);
                }
            }
        }

        var snapshot = await index.SnapshotAsync(analyst.Documentation, cancellationToken);
        var tabulation = await tabulator.TabulateAsync(snapshot, definition, cancellationToken);
        if (tabulation.Table is not { } truth)
        {
            return (FigureOutcome.TooManyCategories, null, []);
        }

        var threshold = options.Value.Threshold;
        var protection = disclosure.Protect(truth, definition, threshold, earlier);
        var published = await labels.LabelAsync(protection.Published with { Threshold = threshold, RowsAdditive = truth.RowsAdditive, ColumnsAdditive = truth.ColumnsAdditive }, definition, cancellationToken);
        return (FigureOutcome.Done, new FigurePreview(truth, protection, published, earlier), earlierIds);
    }

    /// <summary>Whether a release was published (withdrawn ones were too, and stay public).</summary>
    public static bool IsPublic(FigureRelease release)
    {
        ArgumentNullException.ThrowIfNull(release);
        return release.Status is FigureReleaseStatus.Published or FigureReleaseStatus.Withdrawn;
    }
}
