using System.Globalization;
using Haven.Figures.Definition;
using Haven.Figures.Tables;

namespace Haven.Figures.Releases;

/// <summary>
/// One public version of a figure (published, or published then withdrawn), as the public pages show it: nothing
/// of the desk (no preparer, no basis, no audit). A withdrawn version carries no <see cref="Published"/> table:
/// a page cannot show its counts by mistake.
/// </summary>
internal sealed record PublicFigureRelease(
    int Number,
    int Version,
    FigureReleaseStatus Status,
    FigureDefinition Definition,
    IReadOnlyDictionary<string, string> Titles,
    string? ChangeNote,
    int Threshold,
    PublishedTable? Published,
    DateTimeOffset PublishedAt,
    DateTimeOffset? WithdrawnAt,
    string? WithdrawnReason)
{
    public bool Withdrawn => Status == FigureReleaseStatus.Withdrawn;

    /// <summary>The title in <paramref name="culture"/>'s language, or English.</summary>
    public string Title(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return Titles.TryGetValue(culture.TwoLetterISOLanguageName, out var title) && title.Length > 0 ? title
            : Titles.TryGetValue("en", out var en) ? en : "";
    }
}
