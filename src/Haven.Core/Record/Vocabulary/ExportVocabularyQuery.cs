using System.Text.Json;
using CsvHelper;

namespace Haven.Record.Vocabulary;

/// <summary>
/// The controlled lists and the gazetteer as files, so that they travel with exported data (a coding holds keys;
/// these give the labels): JSON (<c>vocabulary.json</c>) or CSV (<c>terms.csv</c>, and <c>gazetteer.csv</c> in the
/// format <c>haven record gazetteer import</c> reads, with a <c>retired</c> column). Retired terms and regions are
/// included and marked. The format is in docs/operations.md, "Controlled lists and gazetteer".
/// </summary>
internal sealed class ExportVocabularyQuery(RecordVocabulary vocabulary)
{
    public const string JsonFile = "vocabulary.json";

    public const string TermsFile = "terms.csv";

    public const string GazetteerFile = "gazetteer.csv";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // A label that starts like a formula is written with a leading apostrophe, so a spreadsheet shows it as text.
    private static readonly CsvWriterOptions CsvOptions = CsvWriterOptions.Default with { Injection = CsvInjection.Escape, NewLine = "\n" };

    /// <summary>Writes the export in <paramref name="format"/> into <paramref name="directory"/> (created when missing) and returns the paths of the files written.</summary>
    /// <param name="format">JSON or CSV.</param>
    /// <param name="directory">The folder to write into; files of the same names are replaced.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    public async Task<IReadOnlyList<string>> ExecuteAsync(VocabularyExportFormat format, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var files = format == VocabularyExportFormat.Json ? new[] { JsonFile } : [TermsFile, GazetteerFile];
        foreach (var name in files)
        {
            var path = Path.Combine(directory, name);
            await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
            await (name switch
            {
                JsonFile => WriteJsonAsync(stream, cancellationToken),
                TermsFile => WriteTermsCsvAsync(stream, cancellationToken),
                _ => WriteGazetteerCsvAsync(stream, cancellationToken),
            });
        }

        return [.. files.Select(f => Path.Combine(directory, f))];
    }

    /// <summary>
    /// <c>{"lists": {"ActType": [{"key", "retired", "labels": {"en", "ru", …}}, …], …}, "gazetteer": [{"code",
    /// "parent_code", "retired", "labels"}, …]}</c>: lists and terms in their order, each country before its regions.
    /// </summary>
    public async Task WriteJsonAsync(Stream output, CancellationToken cancellationToken)
    {
        var lists = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var list in Enum.GetValues<TermList>())
        {
            lists[list.ToString()] = (await vocabulary.TermsAsync(list, cancellationToken))
                .Select(t => new { key = t.Key, retired = t.Retired, labels = Sorted(t.Labels) }).ToList();
        }

        var gazetteer = (await vocabulary.RegionsAsync(cancellationToken))
            .Select(r => new { code = r.Key, parent_code = r.ParentKey, retired = r.Retired, labels = Sorted(r.Labels) }).ToList();
        await JsonSerializer.SerializeAsync(output, new { lists, gazetteer }, Indented, cancellationToken);
    }

    /// <summary><c>list,key,retired,label_en,label_ru[,label_&lt;culture&gt;…]</c>, one line per term, lists and terms in order.</summary>
    public async Task WriteTermsCsvAsync(Stream output, CancellationToken cancellationToken)
    {
        var all = new List<(TermList List, VocabularyTerm Term)>();
        foreach (var list in Enum.GetValues<TermList>())
        {
            all.AddRange((await vocabulary.TermsAsync(list, cancellationToken)).Select(t => (list, t)));
        }

        var cultures = Cultures(all.Select(x => x.Term.Labels));
        await using var csv = CsvWriter.Create(output, CsvOptions, leaveOpen: true);
        csv.WriteHeader(["list", "key", "retired", .. cultures.Select(c => GazetteerCsv.LabelPrefix + c)]);
        foreach (var (list, term) in all)
        {
            csv.WriteRecord([list.ToString(), term.Key, term.Retired ? "true" : "false", .. cultures.Select(c => term.Labels.GetValueOrDefault(c) ?? "")]);
        }

        await csv.FlushAsync(cancellationToken);
    }

    /// <summary><c>code,parent_code,label_en,label_ru[,label_&lt;culture&gt;…],retired</c>: the import format, each country before its regions.</summary>
    public async Task WriteGazetteerCsvAsync(Stream output, CancellationToken cancellationToken)
    {
        var regions = await vocabulary.RegionsAsync(cancellationToken);
        var cultures = Cultures(regions.Select(r => r.Labels));
        await using var csv = CsvWriter.Create(output, CsvOptions, leaveOpen: true);
        csv.WriteHeader(["code", "parent_code", .. cultures.Select(c => GazetteerCsv.LabelPrefix + c), GazetteerCsv.RetiredColumn]);
        foreach (var region in regions)
        {
            csv.WriteRecord([region.Key, region.ParentKey ?? "", .. cultures.Select(c => region.Labels.GetValueOrDefault(c) ?? ""), region.Retired ? "true" : "false"]);
        }

        await csv.FlushAsync(cancellationToken);
    }

    /// <summary>English, Russian, then every other culture that has a label, by name.</summary>
    private static List<string> Cultures(IEnumerable<IReadOnlyDictionary<string, string>> labels) =>
        ["en", "ru", .. labels.SelectMany(l => l.Keys).Where(c => c is not "en" and not "ru").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static SortedDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> labels) => new(labels.ToDictionary(), StringComparer.Ordinal);
}
