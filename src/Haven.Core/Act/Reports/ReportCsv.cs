using System.Globalization;
using CsvHelper;

namespace Haven.Act.Reports;

/// <summary>
/// The counts of an Urgent Action as CSV (<c>/desk/act/{id}/counts.csv</c>): one line per <c>action_counts</c> row,
/// with the header <see cref="Header"/>. <c>target</c> is the target's name ("" for a declaration that named
/// none), <c>channel</c> one of haven, own_email, post, fax, social, <c>country</c> the ISO code or "",
/// <c>first</c> and <c>last</c> UTC times in ISO 8601. Cells that start like a formula are escaped.
/// </summary>
internal static class ReportCsv
{
    public static readonly string[] Header = ["target", "target_id", "channel", "language", "country", "count", "first", "last"];

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape, NewLine = "\n" };

    public static async Task<byte[]> WriteAsync(ActionReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var output = new MemoryStream();
        await using (var csv = CsvWriter.Create(output, Options, leaveOpen: true))
        {
            csv.WriteHeader(Header);
            foreach (var row in report.Rows)
            {
                csv.WriteRecord([
                    report.TargetNames.GetValueOrDefault(row.TargetId) ?? "",
                    row.TargetId,
                    Channel(row.Channel),
                    row.Language,
                    row.Country,
                    row.Count.ToString(CultureInfo.InvariantCulture),
                    Time(row.FirstAt),
                    Time(row.LastAt),
                ]);
            }

            await csv.FlushAsync(cancellationToken);
        }

        return output.ToArray();
    }

    /// <summary>A channel's name in the CSV: haven, own_email, post, fax, social.</summary>
    public static string Channel(LetterChannel channel) => channel switch
    {
        LetterChannel.Haven => "haven",
        LetterChannel.OwnEmail => "own_email",
        LetterChannel.Post => "post",
        LetterChannel.Fax => "fax",
        LetterChannel.Social => "social",
        _ => channel.ToString().ToLowerInvariant(),
    };

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
