using System.Globalization;
using Haven.Act;
using Haven.Act.Reports;
using Haven.Web.Hosting;
using Haven.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Haven.Web.Pages.Desk.Act;

/// <summary>
/// A report's words in the report's language (issue 18, point 5), for the page and the PDF alike: the heading,
/// the sentence with the numbers ("N letters and messages from supporters in M countries between D1 and D2"),
/// the labels. The report's language is the action's text language; Haven's own words are in it when Haven has
/// it (English, Russian), in English otherwise.
/// </summary>
internal sealed record ReportView(
    ActionReport Report,
    string Culture,
    string Heading,
    string Sentence,
    string? NoCountry,
    string RecommendedHeading,
    string TargetsHeading,
    string CopiesHeading,
    string ByTargetHeading,
    string ByChannelHeading,
    string NoTarget,
    string Footer,
    IReadOnlyDictionary<string, string> Channels)
{
    /// <summary>The words of <paramref name="report"/> in its language, read with <paramref name="t"/>.</summary>
    public static ReportView Compose(ActionReport report, IStringLocalizer t, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(t);
        var culture = HavenApp.Cultures.FirstOrDefault(c => c.TwoLetterISOLanguageName == report.Language) ?? Languages.English;
        var before = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = culture;
            CultureInfo.CurrentCulture = culture;
            var number = report.Number?.Display ?? t["Act.Report.Draft"].Value;
            var title = report.Text?.Title ?? "";
            var letters = Plural.Of(t, "Act.Report.Letters", report.Total).Value;
            string sentence;
            if (report.Total == 0 || report.FirstAt is null || report.LastAt is null)
            {
                sentence = t["Act.Report.None"];
            }
            else if (report.Countries > 0)
            {
                sentence = t["Act.Report.Sentence", letters, Plural.Of(t, "Act.Report.Countries", report.Countries).Value, DateText.Day(Day(report.FirstAt.Value)), DateText.Day(Day(report.LastAt.Value))];
            }
            else
            {
                sentence = t["Act.Report.SentenceNoCountries", letters, DateText.Day(Day(report.FirstAt.Value)), DateText.Day(Day(report.LastAt.Value))];
            }

            var channels = Enum.GetValues<LetterChannel>().ToDictionary(c => c.ToString(), c => t["Act.Report.Channel." + c].Value, StringComparer.Ordinal);
            return new ReportView(
                report,
                culture.Name,
                $"{number}: {title}",
                sentence,
                report.NoCountry > 0 && report.Countries > 0 ? t["Act.Report.NoCountry", report.NoCountry].Value : null,
                t["Act.Report.Recommended"],
                t["Act.Report.Targets"],
                t["Act.Report.Copies"],
                t["Act.Report.ByTarget"],
                t["Act.Report.ByChannel"],
                t["Act.Report.NoTarget"],
                t["Act.Report.Footer", DateText.Day(Day(now))],
                channels);
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = before;
        }
    }

    /// <summary>A breakdown line's label: the target's name, or the words for "no target named".</summary>
    public string TargetLabel(ReportLine line) => line.Label.Length > 0 ? line.Label : NoTarget;

    /// <summary>A target as lines: name, title, organisation, postal address.</summary>
    public static string Lines(ActionTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return string.Join('\n', new[] { target.Name, target.Title, target.Organisation, target.PostalAddress.Replace("\r", "", StringComparison.Ordinal) }.Where(s => !string.IsNullOrWhiteSpace(s)));
    }

    /// <summary>The report laid out for the PDF.</summary>
    public ReportDocument Document()
    {
        var blocks = new List<ReportBlock> { new(ReportBlockKind.Title, Heading), new(ReportBlockKind.Lead, Sentence) };
        if (NoCountry is not null)
        {
            blocks.Add(new(ReportBlockKind.Paragraph, NoCountry));
        }

        if (Report.RecommendedActions.Count > 0)
        {
            blocks.Add(new(ReportBlockKind.Heading, RecommendedHeading));
            blocks.AddRange(Report.RecommendedActions.Select(a => new ReportBlock(ReportBlockKind.Item, a)));
        }

        Section(blocks, TargetsHeading, Report.Targets);
        Section(blocks, CopiesHeading, Report.Copies);
        if (Report.Total > 0)
        {
            blocks.Add(new(ReportBlockKind.Heading, ByTargetHeading));
            blocks.AddRange(Report.ByTarget.Select(l => new ReportBlock(ReportBlockKind.Item, $"{TargetLabel(l)}: {Invariant(l.Count)}")));
            blocks.Add(new(ReportBlockKind.Heading, ByChannelHeading));
            blocks.AddRange(Report.ByChannel.Select(l => new ReportBlock(ReportBlockKind.Item, $"{Channels[l.Key]}: {Invariant(l.Count)}")));
        }

        blocks.Add(new(ReportBlockKind.Paragraph, Footer));
        return new ReportDocument(Heading, Report.Language, blocks);
    }

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Section(List<ReportBlock> blocks, string heading, IReadOnlyList<ActionTarget> targets)
    {
        if (targets.Count == 0)
        {
            return;
        }

        blocks.Add(new(ReportBlockKind.Heading, heading));
        blocks.AddRange(targets.Select(t => new ReportBlock(ReportBlockKind.Paragraph, Lines(t))));
    }

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
}
