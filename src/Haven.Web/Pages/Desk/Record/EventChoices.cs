using System.Globalization;
using Haven.Record.Events;
using Haven.Record.Vocabulary;

namespace Haven.Web.Pages.Desk.Record;

/// <summary>
/// The controlled lists and the gazetteer as the event and victim pages use them, read once per request: the
/// options a select offers (usable terms and regions, plus a retired one only where it is already chosen: retired
/// entries are not offered for new coding but stay shown where used) and the labels of stored keys.
/// </summary>
internal sealed class EventChoices
{
    private readonly Dictionary<TermList, IReadOnlyList<VocabularyTerm>> _terms;
    private readonly IReadOnlyList<GazetteerRegion> _regions;
    private readonly Dictionary<string, GazetteerRegion> _regionsByKey;

    private EventChoices(Dictionary<TermList, IReadOnlyList<VocabularyTerm>> terms, IReadOnlyList<GazetteerRegion> regions, CultureInfo culture)
    {
        _terms = terms;
        _regions = regions;
        _regionsByKey = regions.ToDictionary(r => r.Key, StringComparer.Ordinal);
        Culture = culture;
    }

    public CultureInfo Culture { get; }

    /// <summary>Whether the gazetteer has any country that may be chosen.</summary>
    public bool HasRegions => _regions.Any(r => r.ParentKey is null && !r.Retired);

    public static async Task<EventChoices> LoadAsync(RecordVocabulary vocabulary, CancellationToken cancellationToken)
    {
        var terms = new Dictionary<TermList, IReadOnlyList<VocabularyTerm>>();
        foreach (var list in Enum.GetValues<TermList>())
        {
            terms[list] = await vocabulary.TermsAsync(list, cancellationToken);
        }

        return new EventChoices(terms, await vocabulary.RegionsAsync(cancellationToken), CultureInfo.CurrentUICulture);
    }

    /// <summary>The options of <paramref name="list"/>: every term not retired, and <paramref name="current"/> even when retired.</summary>
    public IEnumerable<(string Key, string Label, bool Retired)> Terms(TermList list, string? current) =>
        _terms[list].Where(t => !t.Retired || t.Key == current).Select(t => (t.Key, t.Label(Culture), t.Retired));

    /// <summary>The label of a stored key (a key the list does not know is shown as it is); empty for none.</summary>
    public string Term(TermList list, string? key) =>
        key is null ? "" : _terms[list].FirstOrDefault(t => t.Key == key)?.Label(Culture) ?? key;

    /// <summary>Whether a stored key is a retired term.</summary>
    public bool IsRetired(TermList list, string? key) => key is not null && _terms[list].Any(t => t.Key == key && t.Retired);

    /// <summary>
    /// The place select: each country that may be chosen (or is <paramref name="current"/>) with itself first, then
    /// its regions as "Country › Region"; retired entries only when they are <paramref name="current"/>.
    /// </summary>
    public IReadOnlyList<(string Country, IReadOnlyList<(string Key, string Label, bool Retired)> Options)> Regions(string? current)
    {
        var result = new List<(string, IReadOnlyList<(string, string, bool)>)>();
        foreach (var country in _regions.Where(r => r.ParentKey is null))
        {
            var options = new List<(string, string, bool)>();
            var countryLabel = country.Label(Culture);
            if (!country.Retired || country.Key == current)
            {
                options.Add((country.Key, countryLabel, country.Retired));
            }

            foreach (var region in _regions.Where(r => r.ParentKey == country.Key))
            {
                var retired = region.Retired || country.Retired;
                if (!retired || region.Key == current)
                {
                    options.Add((region.Key, $"{countryLabel} › {region.Label(Culture)}", retired));
                }
            }

            if (options.Count > 0)
            {
                result.Add((countryLabel, options));
            }
        }

        return result;
    }

    /// <summary>The place of a stored key: "Country › Region", or the country alone; an unknown key as it is.</summary>
    public string Place(string? key) => key is null ? "" : GazetteerRegion.Place(_regionsByKey, key, Culture);

    /// <summary>A date as stored, <c>2017-03-14</c>, <c>2017-03</c> or <c>2017</c>; null when unknown.</summary>
    public static string? Date(PartialDate? date) => date?.ToString();
}
