using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using CsvHelper;
using static Haven.Record.Export.RecordExportDocument;

namespace Haven.Record.Export;

/// <summary>
/// Writes a Record export as one zip of CSV files (docs/record-export.md, "CSV"): one file per entity, loadable by
/// Uwazi's CSV import one template at a time, with the links as columns from the child to its parent; the lists and
/// the gazetteer in Haven's own format; and the lists again as Uwazi thesauri.
/// </summary>
/// <remarks>
/// The columns follow Uwazi's CSV import (huridocs/uwazi, app/api/csv/csvDefinitions.ts, entityRow.ts,
/// typeParsers.ts, typeParsers/select.ts, typeParsers/relationship.ts and importThesauri.ts): a header is a template
/// property's name (lowercase, <c>_</c> for anything not a letter or digit); <c>title</c> is the entity's title, and
/// a relationship column names related entities by title, so every title is the Haven id; a select's value is its
/// label, a multiselect's labels are separated by <c>|</c>, a country › region is <c>Country::Region</c>, and a
/// label column per language is <c>name__en</c>, <c>name__ru</c>; a date range is <c>first:last</c> as
/// <c>YYYY-MM-DD</c>. Uwazi reads a column named <c>id</c> as its own shared id, so none is written.
/// </remarks>
internal static class RecordExportCsv
{
    public const string EventsFile = "events.csv";
    public const string ActsFile = "acts.csv";
    public const string VictimsFile = "victims.csv";
    public const string InvolvementsFile = "involvements.csv";
    public const string InformationFile = "information.csv";
    public const string TermsFile = "terms.csv";
    public const string GazetteerFile = "gazetteer.csv";

    /// <summary>Uwazi's separator of values in one cell (csvConstants.multiValueSeparator).</summary>
    public const string MultiValueSeparator = "|";

    /// <summary>Uwazi's separator of a thesaurus group and its value (csvConstants.dictionaryParentChildSeparator).</summary>
    public const string ParentChildSeparator = "::";

    /// <summary>Uwazi's separator of the two dates of a range on import (csvConstants.dateRangeImportSeparator).</summary>
    public const string DateRangeSeparator = ":";

    /// <summary>Uwazi's separator of a property name and a language (csvConstants.languageHeaderSeparator).</summary>
    public const string LanguageSeparator = "__";

    // A text that starts like a formula gets a leading apostrophe, so that a spreadsheet shows it as text; no byte
    // order mark, which Uwazi's reader would take as part of the first header.
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape, NewLine = "\n", WriteByteOrderMark = false };

    /// <summary>Writes the zip to <paramref name="output"/> (left open).</summary>
    public static async Task WriteAsync(RecordExportDocument document, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var cultures = document.Cultures;
        var when = new DateTimeOffset(document.ExportedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        await WriteFileAsync(zip, EventsFile, when, csv =>
        {
            csv.WriteHeader([
                "title", "case_id", "version", "narrative", "event_title", "description", "start_date", "start_precision", "end_date", "end_precision", "period",
                .. Labelled("country", cultures), .. Labelled("region", cultures), "region_code", "violation_status", "confidentiality", "corroboration",
                .. Labelled("act_types", cultures), .. Labelled("perpetrator_types", cultures)]);
            foreach (var e in document.Events)
            {
                var country = e.Region is null ? null : e.Region.ParentCode is null ? e.Region : document.Gazetteer.FirstOrDefault(r => r.Code == e.Region.ParentCode);
                var region = e.Region?.ParentCode is null ? null : e.Region;
                var types = e.Acts.Select(a => a.Type).DistinctBy(t => t.Key).ToList();
                var perpetrators = e.Acts.SelectMany(a => a.Involvements).Select(i => i.PerpetratorType).DistinctBy(t => t.Key).ToList();
                csv.WriteRecord([
                    e.Id, e.CaseId, Number(e.Version), Bool(e.HasNarrative), e.Title ?? "", e.Description ?? "",
                    e.Start?.Value ?? "", Name(e.Start?.Precision ?? Vocabulary.DatePrecision.Unknown), e.End?.Value ?? "", Name(e.End?.Precision ?? Vocabulary.DatePrecision.Unknown), Period(e),
                    .. cultures.Select(c => country is null ? "" : Label(country.Labels, country.Code, c)),
                    .. cultures.Select(c => region is null || country is null ? "" : Label(country.Labels, country.Code, c) + ParentChildSeparator + Label(region.Labels, region.Code, c)),
                    e.Region?.Code ?? "", Name(e.ViolationStatus), Name(e.Confidentiality), Number(e.Corroboration),
                    .. cultures.Select(c => string.Join(MultiValueSeparator, types.Select(t => Label(t.Labels, t.Key, c)))),
                    .. cultures.Select(c => string.Join(MultiValueSeparator, perpetrators.Select(t => Label(t.Labels, t.Key, c))))]);
            }
        }, cancellationToken);

        await WriteFileAsync(zip, VictimsFile, when, csv =>
        {
            csv.WriteHeader(["title", "case_id", "version", "narrative", "pseudonym", .. Labelled("age_band", cultures), "age_band_code", "counting_unit", "group_size"]);
            foreach (var v in document.Victims)
            {
                csv.WriteRecord([v.Id, v.CaseId, Number(v.Version), Bool(v.HasNarrative), v.Pseudonym ?? "", .. TermCells(v.AgeBand, cultures), Name(v.CountingUnit), v.GroupSize is { } size ? Number(size) : ""]);
            }
        }, cancellationToken);

        await WriteFileAsync(zip, ActsFile, when, csv =>
        {
            csv.WriteHeader(["title", "event", "victim", .. Labelled("act_type", cultures), "act_type_code", .. Labelled("victim_status", cultures), "victim_status_code", "method", "consequences"]);
            foreach (var e in document.Events)
            {
                foreach (var a in e.Acts)
                {
                    csv.WriteRecord([a.Id, e.Id, a.VictimId, .. TermCells(a.Type, cultures), .. TermCells(a.VictimStatus, cultures), a.Method ?? "", a.Consequences ?? ""]);
                }
            }
        }, cancellationToken);

        await WriteFileAsync(zip, InvolvementsFile, when, csv =>
        {
            csv.WriteHeader(["title", "act", "event", .. Labelled("perpetrator_type", cultures), "perpetrator_type_code", .. Labelled("degree", cultures), "degree_code"]);
            foreach (var e in document.Events)
            {
                foreach (var a in e.Acts)
                {
                    foreach (var i in a.Involvements)
                    {
                        csv.WriteRecord([i.Id, a.Id, e.Id, .. TermCells(i.PerpetratorType, cultures), .. TermCells(i.Degree, cultures)]);
                    }
                }
            }
        }, cancellationToken);

        await WriteFileAsync(zip, InformationFile, when, csv =>
        {
            csv.WriteHeader(["title", "event", "source", "case_id", .. Labelled("connection", cultures), "connection_code", "reliability", "details"]);
            foreach (var e in document.Events)
            {
                foreach (var i in e.Information)
                {
                    csv.WriteRecord([i.Id, e.Id, i.Source, i.CaseId ?? "", .. TermCells(i.Connection, cultures), Number(i.Reliability), i.Details ?? ""]);
                }
            }
        }, cancellationToken);

        await WriteFileAsync(zip, TermsFile, when, csv =>
        {
            csv.WriteHeader(["list", "key", "retired", .. cultures.Select(c => "label_" + c)]);
            foreach (var (list, terms) in document.Lists)
            {
                foreach (var term in terms)
                {
                    csv.WriteRecord([list, term.Key, Bool(term.Retired), .. cultures.Select(c => term.Labels.GetValueOrDefault(c) ?? "")]);
                }
            }
        }, cancellationToken);

        await WriteFileAsync(zip, GazetteerFile, when, csv =>
        {
            csv.WriteHeader(["code", "parent_code", .. cultures.Select(c => "label_" + c), "retired"]);
            foreach (var region in document.Gazetteer)
            {
                csv.WriteRecord([region.Code, region.ParentCode ?? "", .. cultures.Select(c => region.Labels.GetValueOrDefault(c) ?? ""), Bool(region.Retired)]);
            }
        }, cancellationToken);

        // Uwazi thesauri (importThesauri.ts): a column per language, headed by Uwazi's English name of the language;
        // a value of a group starts with "-" after any spaces.
        foreach (var (list, terms) in document.Lists)
        {
            await WriteFileAsync(zip, $"thesauri/{list}.csv", when, csv =>
            {
                csv.WriteHeader([.. cultures.Select(LanguageName)]);
                foreach (var term in terms)
                {
                    csv.WriteRecord([.. cultures.Select(c => Label(term.Labels, term.Key, c))]);
                }
            }, cancellationToken);
        }

        await WriteFileAsync(zip, "thesauri/Countries.csv", when, csv =>
        {
            csv.WriteHeader([.. cultures.Select(LanguageName)]);
            foreach (var country in document.Gazetteer.Where(r => r.ParentCode is null))
            {
                csv.WriteRecord([.. cultures.Select(c => Label(country.Labels, country.Code, c))]);
            }
        }, cancellationToken);

        await WriteFileAsync(zip, "thesauri/Regions.csv", when, csv =>
        {
            csv.WriteHeader([.. cultures.Select(LanguageName)]);
            foreach (var country in document.Gazetteer.Where(r => r.ParentCode is null))
            {
                var regions = document.Gazetteer.Where(r => r.ParentCode == country.Code).ToList();
                if (regions.Count == 0)
                {
                    continue;
                }

                csv.WriteRecord([.. cultures.Select(c => Label(country.Labels, country.Code, c))]);
                foreach (var region in regions)
                {
                    // " - ": Uwazi skips the leading space, and a cell that started with "-" would be escaped as a formula.
                    csv.WriteRecord([.. cultures.Select(c => " - " + Label(region.Labels, region.Code, c))]);
                }
            }
        }, cancellationToken);
    }

    /// <summary>The label columns of a select property, one per culture: <c>name__en</c>, <c>name__ru</c>, ….</summary>
    public static IEnumerable<string> Labelled(string name, IEnumerable<string> cultures) => cultures.Select(c => name + LanguageSeparator + c);

    /// <summary>The label of a term in <paramref name="culture"/>, else its English label, else its key: never empty, as a select cell must not be.</summary>
    public static string Label(IReadOnlyDictionary<string, string> labels, string key, string culture) =>
        labels.GetValueOrDefault(culture) is { Length: > 0 } label ? label : labels.GetValueOrDefault("en") is { Length: > 0 } english ? english : key;

    /// <summary>The period of an event as an Uwazi date range: the first day its start can mean to the last day its end (or start) can mean; empty when both are unknown.</summary>
    public static string Period(Event e)
    {
        var first = e.Start?.First;
        var last = (e.End ?? e.Start)?.Last;
        return first is null && last is null ? "" : Day(first) + DateRangeSeparator + Day(last);
    }

    private static IEnumerable<string> TermCells(Term? term, IReadOnlyList<string> cultures) =>
        [.. cultures.Select(c => term is null ? "" : Label(term.Labels, term.Key, c)), term?.Key ?? ""];

    private static string LanguageName(string culture) => culture switch
    {
        "en" => "English",
        "ru" => "Russian",
        _ => CultureInfo.GetCultureInfo(culture).EnglishName,
    };

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Name<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static async Task WriteFileAsync(ZipArchive zip, string name, DateTimeOffset when, Action<CsvWriter> write, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = when;
        await using var stream = entry.Open();
        await using var csv = CsvWriter.Create(stream, Options, leaveOpen: true);
        write(csv);
        await csv.FlushAsync(cancellationToken);
    }
}
