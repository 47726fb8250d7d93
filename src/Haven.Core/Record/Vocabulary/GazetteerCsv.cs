using System.Text;
using CsvHelper;

namespace Haven.Record.Vocabulary;

/// <summary>
/// The gazetteer's CSV format: UTF-8, comma separated, RFC 4180 quoting, a header
/// <c>code,parent_code,label_en,label_ru</c> and optionally more <c>label_&lt;culture&gt;</c> columns; one line per
/// country (empty <c>parent_code</c>) or region. Reading checks the shape only; <see cref="ImportGazetteerCommand"/>
/// checks the lines against the gazetteer.
/// </summary>
internal static class GazetteerCsv
{
    /// <summary>The columns every file starts with.</summary>
    public static readonly IReadOnlyList<string> FixedColumns = ["code", "parent_code", "label_en", "label_ru"];

    /// <summary>An optional column, <c>true</c> or <c>false</c> (empty: leave as it is), that the export writes.</summary>
    public const string RetiredColumn = "retired";

    /// <summary>The prefix of a label column.</summary>
    public const string LabelPrefix = "label_";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the lines of <paramref name="bytes"/>, or the problems that keep the file from being read.</summary>
    public static (IReadOnlyList<GazetteerCsvLine> Lines, List<GazetteerImportError> Errors) Read(byte[] bytes)
    {
        var errors = new List<GazetteerImportError>();
        try
        {
            StrictUtf8.GetCharCount(bytes);
        }
        catch (DecoderFallbackException)
        {
            return ([], [new GazetteerImportError(0, GazetteerImportProblem.NotUtf8)]);
        }

        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            IncludeValuesInExceptions = false,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            DetectSeparatorHint = false,
            MaxRecordSize = 64 * 1024,
            OnMalformedRecord = bad => errors.Add(new GazetteerImportError((int)bad.LineNumber, GazetteerImportProblem.Malformed)),
        };
        var lines = new List<GazetteerCsvLine>();
        try
        {
            using var reader = CsvReader.Create(bytes, options);
            var headers = reader.Headers;
            if (headers.Count == 0)
            {
                return ([], [new GazetteerImportError(0, GazetteerImportProblem.Empty)]);
            }

            var cultures = Cultures(headers, errors, out var retiredColumn);
            if (errors.Count > 0)
            {
                return ([], errors);
            }

            while (reader.Read() && errors.Count < GazetteerImportResult.MaxErrors)
            {
                var line = (int)reader.LineNumber;
                if (reader.FieldCount > headers.Count)
                {
                    errors.Add(new GazetteerImportError(line, GazetteerImportProblem.Malformed));
                    continue;
                }

                var labels = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var (culture, column) in cultures)
                {
                    labels[culture] = Unescape(reader.GetString(column));
                }

                bool? retired = null;
                if (retiredColumn >= 0 && reader.GetString(retiredColumn) is { Length: > 0 } flag)
                {
                    if (!bool.TryParse(flag, out var value))
                    {
                        errors.Add(new GazetteerImportError(line, GazetteerImportProblem.InvalidRetired));
                        continue;
                    }

                    retired = value;
                }

                var parent = reader.GetString(1);
                lines.Add(new GazetteerCsvLine(line, reader.GetString(0), parent.Length == 0 ? null : parent, labels, retired));
            }
        }
        catch (CsvFormatException e)
        {
            // A record longer than MaxRecordSize (an unclosed quote near the start of a large file).
            errors.Add(new GazetteerImportError((int)e.LineNumber, GazetteerImportProblem.Malformed));
        }

        return (lines, errors);
    }

    /// <summary>
    /// A label as the export wrote it: a leading apostrophe before a character a spreadsheet would read as the start
    /// of a formula was put there by the export (CsvInjection.Escape), so it is taken off again.
    /// </summary>
    private static string Unescape(string label) =>
        label.Length > 1 && label[0] == '\'' && label[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? label[1..] : label;

    /// <summary>
    /// The culture of each label column with its index (<c>en</c>, <c>ru</c>, then the extra ones) and the index of
    /// the <c>retired</c> column (-1 when there is none); problems of the header go to <paramref name="errors"/>.
    /// </summary>
    private static List<(string Culture, int Column)> Cultures(IReadOnlyList<string> headers, List<GazetteerImportError> errors, out int retiredColumn)
    {
        retiredColumn = -1;
        var names = headers.Select(h => h.Trim().TrimStart('\uFEFF')).ToList();
        if (names.Count < FixedColumns.Count || !names.Take(FixedColumns.Count).SequenceEqual(FixedColumns, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(new GazetteerImportError(1, GazetteerImportProblem.BadHeader));
            return [];
        }

        var cultures = new List<(string Culture, int Column)> { ("en", 2), ("ru", 3) };
        for (var i = FixedColumns.Count; i < names.Count; i++)
        {
            var name = names[i];
            var culture = name.StartsWith(LabelPrefix, StringComparison.OrdinalIgnoreCase) ? name[LabelPrefix.Length..] : null;
            if (string.Equals(name, RetiredColumn, StringComparison.OrdinalIgnoreCase) && retiredColumn < 0)
            {
                retiredColumn = i;
            }
            else if (string.Equals(name, RetiredColumn, StringComparison.OrdinalIgnoreCase) || cultures.Any(c => string.Equals(c.Culture, culture, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add(new GazetteerImportError(1, GazetteerImportProblem.DuplicateColumn, GazetteerImportError.Clip(name)));
            }
            else if (!VocabularyRules.IsCultureName(culture))
            {
                errors.Add(new GazetteerImportError(1, GazetteerImportProblem.UnknownColumn, GazetteerImportError.Clip(name)));
            }
            else
            {
                cultures.Add((culture!, i));
            }
        }

        return cultures;
    }
}
