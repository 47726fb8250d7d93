using System.Globalization;
using System.Text;
using CsvHelper;
using Haven.Figures;
using Haven.Figures.Releases;
using Haven.Figures.Tables;
using Haven.Web.Hosting;
using Microsoft.Extensions.Localization;

namespace Haven.Web.Figures;

/// <summary>
/// A public release as a file (issue 17, point 4): <c>/figures/{n}.csv</c> and <c>.json</c> for the current
/// version, <c>/figures/{n}/v/{v}.csv</c> and <c>.json</c> for one version. The CSV is the table, one line per
/// count with a header; the JSON is the published table with the title, the method, the dates, the version, the
/// threshold and the "documented minimum" label, in every language of the site. A withdrawn version has no CSV
/// (404) and a JSON without its table. The format is in docs/figures.md, "Public pages".
/// </summary>
internal static class FigureDownloads
{
    /// <summary>The header of the CSV.</summary>
    public static readonly string[] CsvHeader = ["row_key", "row", "column_key", "column", "count", "low", "high"];

    private static readonly CsvWriterOptions CsvOptions = CsvWriterOptions.Default with { Injection = CsvInjection.Escape, NewLine = "\n" };

    public static async Task<IResult> DownloadAsync(int number, int? version, string format, PublicFiguresQuery query, IStringLocalizer<SharedResource> t, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (format is not ("csv" or "json") || await query.ByNumberAsync(number, version, cancellationToken) is not { } figure)
        {
            return Results.NotFound();
        }

        var shown = figure.Shown;
        var name = version is null ? $"figure-{number}" : $"figure-{number}-v{shown.Version}";
        if (format == "json")
        {
            return Results.File(Json(figure, t), "application/json; charset=utf-8", name + ".json");
        }

        return shown.Published is { } table
            ? Results.File(await CsvAsync(table, t, CultureInfo.CurrentUICulture, cancellationToken), "text/csv; charset=utf-8", name + ".csv")
            : Results.NotFound();
    }

    /// <summary>
    /// One line per count: the cells by row, then (two dimensions) each row's total (empty column key), each column's
    /// total (empty row key), then the grand total (both empty). <c>count</c> is the number, the band <c>1-10</c> or
    /// <c>suppressed</c>; <c>low</c> and <c>high</c> are the range (the number twice for an exact count, empty when
    /// suppressed). Labels in <paramref name="culture"/>'s language.
    /// </summary>
    public static async Task<byte[]> CsvAsync(PublishedTable table, IStringLocalizer t, CultureInfo culture, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(t);
        var total = t["Figures.Table.Total"].Value;
        using var output = new MemoryStream();
        await using (var csv = CsvWriter.Create(output, CsvOptions, leaveOpen: true))
        {
            csv.WriteHeader(CsvHeader);
            for (var r = 0; r < table.Rows.Count; r++)
            {
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    Line(csv, table.Rows[r].Key, table.Rows[r].Label(culture), table.Columns[c].Key, table.Columns[c].Label(culture), table.Cells[r][c]);
                }
            }

            if (!table.OneDimensional)
            {
                for (var r = 0; r < table.Rows.Count; r++)
                {
                    Line(csv, table.Rows[r].Key, table.Rows[r].Label(culture), "", total, table.RowTotals[r]);
                }

                for (var c = 0; c < table.Columns.Count; c++)
                {
                    Line(csv, "", total, table.Columns[c].Key, table.Columns[c].Label(culture), table.ColumnTotals[c]);
                }

                Line(csv, "", total, "", total, table.Total);
            }
            else
            {
                Line(csv, "", total, table.Columns[0].Key, table.Columns[0].Label(culture), table.Total);
            }

            await csv.FlushAsync(cancellationToken);
        }

        return output.ToArray();
    }

    /// <summary>The JSON of a release (see the type's summary), with its figure's public versions.</summary>
    public static byte[] Json(PublicFigure figure, IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(figure);
        ArgumentNullException.ThrowIfNull(t);
        var shown = figure.Shown;
        var method = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var minimum = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var before = CultureInfo.CurrentUICulture;
        try
        {
            foreach (var culture in HavenApp.Cultures)
            {
                CultureInfo.CurrentUICulture = culture;
                method[culture.TwoLetterISOLanguageName] = shown.Published is { } table
                    ? FigureMethodText.Paragraphs(shown.Definition, table, t)
                    : FigureMethodText.Paragraphs(shown.Definition, shown.Threshold, rowsAdditive: true, columnsAdditive: true, t);
                minimum[culture.TwoLetterISOLanguageName] = t["Figures.DocumentedMinimum"];
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }

        var json = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["number"] = shown.Number,
            ["version"] = shown.Version,
            ["current_version"] = figure.Current.Version,
            ["status"] = shown.Withdrawn ? "withdrawn" : "published",
            ["title"] = new SortedDictionary<string, string>(shown.Titles.ToDictionary(), StringComparer.Ordinal),
            ["documented_minimum"] = minimum,
            ["method"] = method,
            ["definition"] = shown.Definition,
            ["threshold"] = shown.Threshold,
            ["published_at"] = shown.PublishedAt,
            ["withdrawn_at"] = shown.WithdrawnAt,
            ["withdrawn_reason"] = shown.WithdrawnReason,
            ["change_note"] = shown.ChangeNote,
            ["table"] = shown.Published,
            ["versions"] = figure.Versions.Select(v => new SortedDictionary<string, object?>(StringComparer.Ordinal)
            {
                ["version"] = v.Version,
                ["status"] = v.Withdrawn ? "withdrawn" : "published",
                ["published_at"] = v.PublishedAt,
                ["withdrawn_at"] = v.WithdrawnAt,
                ["change_note"] = v.ChangeNote,
            }).ToList(),
        };
        // Absent fields are left out, as everywhere in FiguresJson (a withdrawn version has no "table").
        foreach (var key in json.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            json.Remove(key);
        }

        return Encoding.UTF8.GetBytes(FiguresJson.ToJson<object>(json));
    }

    private static void Line(CsvWriter csv, string rowKey, string row, string columnKey, string column, PublishedCount count)
    {
        var (text, low, high) = count.Kind switch
        {
            PublishedCountKind.Exact => (Invariant(count.Value), Invariant(count.Value), Invariant(count.Value)),
            PublishedCountKind.Band => ($"{Invariant(count.Low)}-{Invariant(count.High)}", Invariant(count.Low), Invariant(count.High)),
            _ => ("suppressed", "", ""),
        };
        csv.WriteRecord([rowKey, row, columnKey, column, text, low, high]);
    }

    private static string Invariant(int? value) => (value ?? 0).ToString(CultureInfo.InvariantCulture);
}
