using Haven.Figures.Definition;
using Haven.Figures.Tables;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Figures.Releases;

/// <summary>
/// What the public figures pages read (issue 17, point 4): published and withdrawn releases only, never a
/// prepared or discarded one, and never the encrypted basis. The current version of a figure is its newest public
/// version; a withdrawn one comes without its table.
/// </summary>
internal sealed class PublicFiguresQuery(IDbContextFactory<HavenDbContext> dbFactory)
{
    /// <summary>The current version of every figure, newest figure first.</summary>
    public async Task<IReadOnlyList<PublicFigureRelease>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await Public(db.FigureReleases.AsNoTracking())
            .Select(r => new Row(r.Number, r.Version, r.Status, r.Definition, r.Titles, r.ChangeNote, r.Threshold, null, r.PublishedAt, r.PreparedAt, r.WithdrawnAt, r.WithdrawnReason))
            .ToListAsync(cancellationToken);
        return [.. rows.GroupBy(r => r.Number).Select(g => g.MaxBy(r => r.Version)!).OrderByDescending(r => r.Number).Select(Read).OfType<PublicFigureRelease>()];
    }

    /// <summary>
    /// Figure <paramref name="number"/>: its version <paramref name="version"/> (or the current one) and all its public
    /// versions; null when it has no public version, or not that one.
    /// </summary>
    public async Task<PublicFigure?> ByNumberAsync(int number, int? version, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await Public(db.FigureReleases.AsNoTracking()).Where(r => r.Number == number)
            .Select(r => new Row(r.Number, r.Version, r.Status, r.Definition, r.Titles, r.ChangeNote, r.Threshold, r.Published, r.PublishedAt, r.PreparedAt, r.WithdrawnAt, r.WithdrawnReason))
            .ToListAsync(cancellationToken);
        var versions = rows.OrderByDescending(r => r.Version).Select(Read).OfType<PublicFigureRelease>().ToList();
        if (versions.Count == 0)
        {
            return null;
        }

        var shown = version is null ? versions[0] : versions.FirstOrDefault(v => v.Version == version);
        return shown is null ? null : new PublicFigure(shown, versions[0], versions);
    }

    private static IQueryable<FigureRelease> Public(IQueryable<FigureRelease> releases) =>
        releases.Where(r => r.Status == FigureReleaseStatus.Published || r.Status == FigureReleaseStatus.Withdrawn);

    /// <summary>The public view of a row; null when its stored JSON cannot be read (it is then not shown at all).</summary>
    private static PublicFigureRelease? Read(Row row)
    {
        var definition = FiguresJson.FromJson<FigureDefinition>(row.Definition);
        var titles = FiguresJson.FromJson<Dictionary<string, string>>(row.Titles);
        var withdrawn = row.Status == FigureReleaseStatus.Withdrawn;
        var published = withdrawn || row.Published is null ? null : FiguresJson.FromJson<PublishedTable>(row.Published);
        if (definition is null || titles is null || (!withdrawn && row.Published is not null && published is null))
        {
            return null;
        }

        return new PublicFigureRelease(row.Number, row.Version, row.Status, definition, titles, row.ChangeNote, row.Threshold, published,
            row.PublishedAt ?? row.PreparedAt, row.WithdrawnAt, withdrawn ? row.WithdrawnReason : null);
    }

    private sealed record Row(int Number, int Version, FigureReleaseStatus Status, string Definition, string Titles, string? ChangeNote, int Threshold, string? Published, DateTimeOffset? PublishedAt, DateTimeOffset PreparedAt, DateTimeOffset? WithdrawnAt, string? WithdrawnReason);
}
