using System.Globalization;
using Haven.Record.Events;
using Haven.Record.Vocabulary;
using Microsoft.Extensions.Localization;

namespace Haven.Web.Pages.Desk.Record;

/// <summary>
/// The documentation list's coding as the responder reads it: term and region keys turned into labels in their
/// language (retired ones too: they are still shown where used; a key the lists do not know is shown as it is),
/// dates as exact as they were coded. Loaded once per request from <see cref="RecordVocabulary"/>'s copy in memory.
/// </summary>
internal sealed class ListText
{
    private readonly CultureInfo _culture;
    private readonly Dictionary<(TermList, string), VocabularyTerm> _terms;
    private readonly Dictionary<string, GazetteerRegion> _regions;

    private ListText(CultureInfo culture, Dictionary<(TermList, string), VocabularyTerm> terms, Dictionary<string, GazetteerRegion> regions)
    {
        _culture = culture;
        _terms = terms;
        _regions = regions;
    }

    /// <summary>Knows no term and no region: every key is shown as it is.</summary>
    public static ListText Empty { get; } = new(CultureInfo.InvariantCulture, [], new(StringComparer.Ordinal));

    public static async Task<ListText> LoadAsync(RecordVocabulary vocabulary, CultureInfo culture, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var terms = new Dictionary<(TermList, string), VocabularyTerm>();
        foreach (var list in new[] { TermList.ActType, TermList.VictimStatus, TermList.PerpetratorType })
        {
            foreach (var term in await vocabulary.TermsAsync(list, cancellationToken))
            {
                terms[(list, term.Key)] = term;
            }
        }

        var regions = (await vocabulary.RegionsAsync(cancellationToken)).ToDictionary(r => r.Key, StringComparer.Ordinal);
        return new ListText(culture, terms, regions);
    }

    /// <summary>The label of <paramref name="key"/> in <paramref name="list"/>; null for a null key.</summary>
    public string? Term(TermList list, string? key) =>
        key is null ? null : _terms.TryGetValue((list, key), out var term) ? term.Label(_culture) : key;

    /// <summary>The distinct perpetrator types of an act's involvements, as labels, in the order first given.</summary>
    public string Perpetrators(ActCoding act)
    {
        ArgumentNullException.ThrowIfNull(act);
        return string.Join(", ", act.Involvements.Select(i => i.Perpetrator).Distinct(StringComparer.Ordinal).Select(p => Term(TermList.PerpetratorType, p)));
    }

    /// <summary>The place: "Country › Region", or the country alone; null when the event has none.</summary>
    public string? Place(string? key) => key is null ? null : GazetteerRegion.Place(_regions, key, _culture);

    /// <summary>
    /// When the event happened as coded: its start (<c>2017-03-14</c>, <c>2017-03</c>, <c>2017</c>) with the
    /// precision's label, and its end when it has another; the label of "unknown" when there is no start.
    /// </summary>
    public static string When(IStringLocalizer text, EventCoding coding)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(coding);
        var shown = EventText.Date(coding.Start, text);
        return coding.Start is { } start && coding.End is { } end && end != start ? $"{shown} – {EventText.Date(end, text)}" : shown;
    }
}
