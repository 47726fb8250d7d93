using Haven.Figures;
using Haven.Figures.Definition;
using Haven.Figures.Releases;
using Haven.Figures.Tables;
using Haven.Storage;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Figures;

/// <summary>
/// Stores figure releases straight into a test server's database, as the release commands would leave them (the
/// public pages read only the public columns; the basis is left empty).
/// </summary>
internal static class FigureReleaseSeed
{
    public static readonly DateTimeOffset PublishedAt = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);

    public static async Task<FigureRelease> InsertAsync(
        HavenServer server,
        int number,
        int version,
        FigureReleaseStatus status,
        string titleEn,
        string titleRu,
        PublishedTable? table = null,
        FigureDefinition? definition = null,
        string? changeNote = null,
        string? withdrawnReason = null)
    {
        table ??= FigureSamples.Bars();
        var release = new FigureRelease
        {
            Id = Guid.NewGuid().ToString("N"),
            Number = number,
            Version = version,
            Status = status,
            Definition = FiguresJson.ToJson(definition ?? FigureSamples.OneDimension),
            Titles = FiguresJson.ToJson(new Dictionary<string, string> { ["en"] = titleEn, ["ru"] = titleRu }),
            ChangeNote = changeNote,
            Threshold = table.Threshold,
            Published = FiguresJson.ToJson(table),
            Audit = "{}",
            PreparedAt = PublishedAt.AddDays(-1),
            PreparedBy = "preparer",
            PublishedAt = status is FigureReleaseStatus.Published or FigureReleaseStatus.Withdrawn ? PublishedAt.AddDays(version) : null,
            ApprovedBy = status is FigureReleaseStatus.Published or FigureReleaseStatus.Withdrawn ? "approver" : null,
            WithdrawnAt = status == FigureReleaseStatus.Withdrawn ? PublishedAt.AddDays(version + 2) : null,
            WithdrawnBy = status == FigureReleaseStatus.Withdrawn ? "approver" : null,
            WithdrawnReason = status == FigureReleaseStatus.Withdrawn ? withdrawnReason : null,
            DiscardedAt = status == FigureReleaseStatus.Discarded ? PublishedAt : null,
            DiscardedBy = status == FigureReleaseStatus.Discarded ? "preparer" : null,
        };
        var factory = server.Services.GetRequiredService<IDbContextFactory<HavenDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        db.FigureReleases.Add(release);
        await db.SaveChangesAsync();
        return release;
    }

    /// <summary>
    /// Figure 1 (versions 1 and 2 published, 3 prepared), figure 2 (prepared only), figure 3 (discarded), figure 4
    /// (withdrawn), figure 5 (two dimensions).
    /// </summary>
    public static async Task SeedAllAsync(HavenServer server)
    {
        await InsertAsync(server, 1, 1, FigureReleaseStatus.Published, "Victims by act type", "Пострадавшие по видам деяний");
        await InsertAsync(server, 1, 2, FigureReleaseStatus.Published, "Victims by act type", "Пострадавшие по видам деяний", changeNote: "Three events coded since.");
        await InsertAsync(server, 1, 3, FigureReleaseStatus.Prepared, "Prepared title of figure one", "Подготовленный заголовок");
        await InsertAsync(server, 2, 1, FigureReleaseStatus.Prepared, "Prepared figure two", "Подготовленный показатель два");
        await InsertAsync(server, 3, 1, FigureReleaseStatus.Discarded, "Discarded figure three", "Отклонённый показатель три");
        await InsertAsync(server, 4, 1, FigureReleaseStatus.Withdrawn, "Withdrawn figure four", "Отозванный показатель четыре",
            table: FigureSamples.Bars("Secret-count torture"), withdrawnReason: "Two events were coded twice.");
        await InsertAsync(server, 5, 1, FigureReleaseStatus.Published, "Acts by country and year", "Деяния по странам и годам", FigureSamples.Heat(), FigureSamples.TwoDimensions);
    }
}
