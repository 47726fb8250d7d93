using System.Globalization;
using Haven.Act;
using Haven.Crypto;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Haven.Web.Tests.Act;

/// <summary>
/// A live Urgent Action in English and Russian with two targets (a Russian prosecutor first, an English-speaking
/// minister) and a copy, and counts made the one way counts are made (<see cref="ActCounts.IncrementAsync"/>),
/// on four days: 3 by e-mail through Haven from Russia, 2 by post from Germany, 4 by own e-mail with no country,
/// 1 by fax from France with no target. The expected numbers are read back from <c>action_counts</c>.
/// </summary>
internal static class ReportSeed
{
    public sealed record Seeded(string ActionId, string Prosecutor, string Minister, string Copy);

    public sealed record Sums(long Total, int Countries, long NoCountry, string First, string Last);

    public static async Task<Seeded> SeedAsync(HavenServer server)
    {
        var now = server.Clock.GetUtcNow();
        var action = new UrgentAction
        {
            Id = RandomId.New(),
            Sequence = 3,
            Year = 2026,
            Status = ActionStatus.Live,
            Languages = "en,ru",
            Texts = ActJson.Write(new Dictionary<string, ActionText>
            {
                ["en"] = new("Free Anna", "Anna was detained.", "Background.", "Release her at once\nLet her see a lawyer", "Release Anna", "{salutation}, release her."),
                ["ru"] = new("Освободите Анну", "Анна задержана.", "Подробности.", "Немедленно освободить её\nДопустить к ней адвоката", "Освободите Анну", "{salutation}, освободите её."),
            }),
            CreatedAt = now,
            CreatedBy = "test",
            UpdatedAt = now,
            PublishedAt = now,
        };
        var prosecutor = Target(action.Id, TargetKind.Target, 0, "Иван Петров", "Prosecutor General", "ru");
        var minister = Target(action.Id, TargetKind.Target, 1, "Jane Smith", "Minister of Justice", "en");
        var copy = Target(action.Id, TargetKind.Copy, 0, "Ambassador", "Embassy of Norway", "en");
        await using var db = await Accounts.Accounts.Factory(server).CreateDbContextAsync();
        db.UrgentActions.Add(action);
        db.ActionTargets.AddRange(prosecutor, minister, copy);
        await db.SaveChangesAsync();

        for (var i = 0; i < 3; i++)
        {
            await ActCounts.IncrementAsync(db, new(action.Id, prosecutor.Id, LetterChannel.Haven, "ru", "RU"), now, CancellationToken.None);
        }

        await ActCounts.IncrementAsync(db, new(action.Id, prosecutor.Id, LetterChannel.Post, "en", "DE"), now.AddDays(1), CancellationToken.None, by: 2);
        await ActCounts.IncrementAsync(db, new(action.Id, minister.Id, LetterChannel.OwnEmail, "en", ""), now.AddDays(1), CancellationToken.None);
        await ActCounts.IncrementAsync(db, new(action.Id, minister.Id, LetterChannel.OwnEmail, "en", ""), now.AddDays(2), CancellationToken.None, by: 3);
        await ActCounts.IncrementAsync(db, new(action.Id, "", LetterChannel.Fax, "en", "FR"), now.AddDays(3), CancellationToken.None);

        // Another action's counts must not leak into this one's report.
        await ActCounts.IncrementAsync(db, new(RandomId.New(), prosecutor.Id, LetterChannel.Post, "en", "US"), now.AddDays(9), CancellationToken.None, by: 50);
        return new Seeded(action.Id, prosecutor.Id, minister.Id, copy.Id);
    }

    /// <summary>The sums a report must show, computed here from the rows as stored.</summary>
    public static async Task<Sums> SumsAsync(HavenServer server, string actionId, string? targetId)
    {
        var rows = await RowsAsync(server, actionId);
        rows = [.. rows.Where(r => targetId is null || r.TargetId == targetId)];
        return new Sums(
            rows.Sum(r => (long)r.Count),
            rows.Where(r => r.Country != "").Select(r => r.Country).Distinct().Count(),
            rows.Where(r => r.Country == "").Sum(r => (long)r.Count),
            rows.Min(r => r.FirstAt).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            rows.Max(r => r.LastAt).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    public static async Task<List<(string TargetId, long Count)>> ByTargetAsync(HavenServer server, string actionId) =>
        [.. (await RowsAsync(server, actionId)).GroupBy(r => r.TargetId).Select(g => (g.Key, g.Sum(r => (long)r.Count)))];

    public static async Task<int> RowCountAsync(HavenServer server, string actionId) => (await RowsAsync(server, actionId)).Count;

    private static async Task<List<ActionCount>> RowsAsync(HavenServer server, string actionId)
    {
        await using var db = await Accounts.Accounts.Factory(server).CreateDbContextAsync();
        return await db.ActionCounts.AsNoTracking().Where(c => c.ActionId == actionId).ToListAsync();
    }

    private static ActionTarget Target(string actionId, TargetKind kind, int position, string name, string title, string language) => new()
    {
        Id = RandomId.New(),
        ActionId = actionId,
        Kind = kind,
        Position = position,
        Name = name,
        Title = title,
        Organisation = kind == TargetKind.Copy ? "Embassy of Norway" : "Office of the " + title,
        PostalAddress = "1 Main Street\nCapital",
        Language = language,
        Salutations = ActJson.Write(new Dictionary<string, string> { ["en"] = "Dear " + title, ["ru"] = "Уважаемый " + name }),
        Channels = TargetChannels.Post,
    };
}
