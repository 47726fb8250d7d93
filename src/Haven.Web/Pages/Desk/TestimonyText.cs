using System.Globalization;
using Haven.Intake;
using Haven.Record.Vocabulary;

namespace Haven.Web.Pages.Desk;

/// <summary>
/// A testimony's answers as the responder reads them: term and region keys turned into labels in the
/// responder's language (retired ones too: they are still shown where used), a date as exact as the person gave it.
/// </summary>
internal static class TestimonyText
{
    /// <summary>The labels of <paramref name="keys"/> in <paramref name="list"/>, in order; a key the list does not know is shown as it is.</summary>
    public static async Task<string> TermsAsync(RecordVocabulary vocabulary, TermList list, IReadOnlyList<string> keys, CultureInfo culture, CancellationToken cancellationToken)
    {
        var terms = (await vocabulary.TermsAsync(list, cancellationToken)).ToDictionary(t => t.Key, StringComparer.Ordinal);
        return string.Join(", ", keys.Select(k => terms.TryGetValue(k, out var term) ? term.Label(culture) : k));
    }

    /// <summary>The place: "Country › Region", or the country alone; a key the gazetteer does not know is shown as it is.</summary>
    public static async Task<string> PlaceAsync(RecordVocabulary vocabulary, string key, CultureInfo culture, CancellationToken cancellationToken)
    {
        var regions = (await vocabulary.RegionsAsync(cancellationToken)).ToDictionary(r => r.Key, StringComparer.Ordinal);
        return GazetteerRegion.Place(regions, key, culture);
    }

    /// <summary>The date as the person gave it (<c>2017-03-14</c>, <c>2017-03</c>, <c>2017</c>: ISO, like every date of the desk), or null when they said they do not know.</summary>
    public static string? Date(Testimony testimony) => testimony.DatePrecision == "unknown" ? null : testimony.Date;
}
