using System.Globalization;

namespace Haven.Act;

/// <summary>
/// The public number of an Urgent Action: shown as "UA 12/26" (sequence 12 of 2026) and written in addresses as
/// <c>12-26</c> (<c>/act/12-26</c>), since a slash cannot stand in one path segment.
/// </summary>
internal readonly record struct ActionNumber(int Sequence, int Year)
{
    /// <summary>"UA 12/26".</summary>
    public string Display => string.Create(CultureInfo.InvariantCulture, $"UA {Sequence}/{Year % 100:00}");

    /// <summary>"12-26", for URLs.</summary>
    public string Slug => string.Create(CultureInfo.InvariantCulture, $"{Sequence}-{Year % 100:00}");

    /// <summary>Reads a slug such as <c>12-26</c> (years 2000-2099); false for anything else.</summary>
    public static bool TryParseSlug(string? slug, out ActionNumber number)
    {
        number = default;
        if (slug is null || slug.Length > 12)
        {
            return false;
        }

        var dash = slug.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || dash != slug.LastIndexOf('-')
            || !int.TryParse(slug.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || slug.Length - dash - 1 != 2
            || !int.TryParse(slug.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || sequence < 1)
        {
            return false;
        }

        number = new ActionNumber(sequence, 2000 + year);
        return true;
    }

    /// <summary>The number of a published action; null for a draft that never went live.</summary>
    public static ActionNumber? Of(UrgentAction action) =>
        action.Sequence > 0 ? new ActionNumber(action.Sequence, action.Year) : null;
}
