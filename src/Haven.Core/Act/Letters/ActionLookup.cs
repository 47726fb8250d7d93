using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Act.Letters;

/// <summary>Finds the published Urgent Actions the public pages and the letter forms name.</summary>
internal static class ActionLookup
{
    /// <summary>A live or ended action by its slug (<c>12-26</c>) or its id; null for a draft or none.</summary>
    public static async Task<UrgentAction?> FindPublishedAsync(HavenDbContext db, string? slugOrId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.UrgentActions.AsNoTracking().Where(a => a.Status != ActionStatus.Draft);
        if (ActionNumber.TryParseSlug(slugOrId, out var number))
        {
            return await query.FirstOrDefaultAsync(a => a.Year == number.Year && a.Sequence == number.Sequence, cancellationToken);
        }

        return slugOrId is { Length: 32 } id && id.All(char.IsAsciiHexDigitLower)
            ? await query.FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
            : null;
    }

    /// <summary>The action's languages in its own order ("en,ru,tr"), without blanks.</summary>
    public static IReadOnlyList<string> LanguagesOf(UrgentAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return [.. action.Languages.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
    }
}
