using Haven.Figures.Disclosure;
using Haven.Figures.Tables;
using Haven.Record.Keys;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Figures.Releases;

/// <summary>The figures as the desk lists them: every release in every status, and the basis for documentation holders.</summary>
internal sealed class DeskFiguresQuery(IDbContextFactory<HavenDbContext> dbFactory)
{
    /// <summary>Every release, newest prepared first.</summary>
    public async Task<IReadOnlyList<FigureRelease>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var releases = await db.FigureReleases.AsNoTracking().ToListAsync(cancellationToken);

        // Ordered in memory: SQLite cannot order by a DateTimeOffset column.
        return [.. releases.OrderByDescending(r => r.PreparedAt).ThenByDescending(r => r.Number).ThenByDescending(r => r.Version)];
    }

    /// <summary>Every version of figure <paramref name="number"/>, oldest first; empty when there is no such figure.</summary>
    public async Task<IReadOnlyList<FigureRelease>> ByNumberAsync(int number, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.FigureReleases.AsNoTracking().Where(r => r.Number == number).OrderBy(r => r.Version).ToListAsync(cancellationToken);
    }

    /// <summary>One release by its id; null when there is none.</summary>
    public async Task<FigureRelease?> GetAsync(string releaseId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.FigureReleases.AsNoTracking().SingleOrDefaultAsync(r => r.Id == releaseId, cancellationToken);
    }

    /// <summary>
    /// The true table of <paramref name="release"/> and why each count was protected, decrypted with the generation
    /// of <paramref name="keyring"/> it was sealed to; null for one who does not hold it. Desk only.
    /// </summary>
    public static (FigureTable Truth, IReadOnlyDictionary<CellRef, ProtectionReason> Reasons)? Basis(FigureRelease release, DocumentationKeyring keyring) =>
        FigureBasis.Open(release, keyring)?.ToTable();

    /// <inheritdoc cref="Basis"/>
    public Task<(FigureTable Truth, IReadOnlyDictionary<CellRef, ProtectionReason> Reasons)?> BasisAsync(FigureRelease release, DocumentationKeyring keyring) =>
        Task.FromResult(Basis(release, keyring));
}
