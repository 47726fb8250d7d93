using System.Globalization;
using Haven.Record.Vocabulary;

namespace Haven.Web.Pages.Intake;

/// <summary>
/// What the testimony form offers, in the page's language: the act and perpetrator types still offered, and
/// the gazetteer's countries and their regions (none when the instance has no gazetteer: then the question is
/// not asked). Retired terms and regions are not offered.
/// </summary>
internal sealed record TestimonyChoices(
    IReadOnlyList<(string Key, string Label)> Acts,
    IReadOnlyList<(string Key, string Label)> Perpetrators,
    IReadOnlyList<(string Key, string Label)> Countries,
    IReadOnlyList<(string Country, string Label, IReadOnlyList<(string Key, string Label)> Regions)> Regions)
{
    public static async Task<TestimonyChoices> LoadAsync(RecordVocabulary vocabulary, CancellationToken cancellationToken)
    {
        var culture = CultureInfo.CurrentUICulture;
        var acts = await vocabulary.TermsAsync(TermList.ActType, cancellationToken);
        var perpetrators = await vocabulary.TermsAsync(TermList.PerpetratorType, cancellationToken);
        var regions = (await vocabulary.RegionsAsync(cancellationToken)).Where(r => !r.Retired).ToList();
        var countries = regions.Where(r => r.ParentKey is null).Select(r => (r.Key, r.Label(culture))).ToList();
        var grouped = countries
            .Select(c => (c.Key, c.Item2, (IReadOnlyList<(string, string)>)regions.Where(r => r.ParentKey == c.Key).Select(r => (r.Key, r.Label(culture))).ToList()))
            .Where(g => g.Item3.Count > 0)
            .ToList();
        return new TestimonyChoices(
            acts.Where(t => !t.Retired).Select(t => (t.Key, t.Label(culture))).ToList(),
            perpetrators.Where(t => !t.Retired).Select(t => (t.Key, t.Label(culture))).ToList(),
            countries,
            grouped);
    }
}
