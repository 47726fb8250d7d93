using System.Globalization;
using System.Net;
using System.Text;
using Haven.Accounts;
using Haven.Act;
using Haven.Crypto;
using Haven.Web.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace Haven.Web.Tests.Act;

/// <summary>
/// Reporting back (issue 18, point 5) over real HTTP: the page, the PDF (its text read back with PdfPig) and the CSV
/// say exactly the sums of <c>action_counts</c>, in English and Russian; administrators and campaigners may make
/// them, a caseworker gets 403; each is audited; a server without the font says so instead of failing.
/// </summary>
public sealed class ReportTests
{
    [Fact]
    public async Task The_page_the_pdf_and_the_csv_say_the_sums_of_the_counts_in_english_and_russian()
    {
        await using var server = await HavenServer.StartAsync();
        var seeded = await ReportSeed.SeedAsync(server);
        var sums = await ReportSeed.SumsAsync(server, seeded.ActionId, null);
        Assert.Equal((10L, 3, 4L), (sums.Total, sums.Countries, sums.NoCountry));
        using var admin = await Accounts.Accounts.AdminAsync(server);

        // Default: the language of the first target (Russian).
        var russian = await admin.GetAsync($"/desk/act/{seeded.ActionId}/report");
        Assert.Equal(HttpStatusCode.OK, russian.Status);
        var russianSentence = $"{sums.Total} писем и сообщений от сторонников из {sums.Countries} стран с {sums.First} по {sums.Last}.";
        Assert.Contains(russianSentence, WebUtility.HtmlDecode(russian.Html), StringComparison.Ordinal);
        Assert.Contains("UA 3/26: Освободите Анну", WebUtility.HtmlDecode(russian.Html), StringComparison.Ordinal);
        Assert.Contains("Немедленно освободить", WebUtility.HtmlDecode(russian.Html), StringComparison.Ordinal);
        Assert.Contains($"Из них {sums.NoCountry} — от сторонников, не указавших страну.", WebUtility.HtmlDecode(russian.Html), StringComparison.Ordinal);
        Assert.Contains("lang=\"ru\"", russian.Html, StringComparison.Ordinal);

        var english = await admin.GetAsync($"/desk/act/{seeded.ActionId}/report?lang=en");
        var englishSentence = $"{sums.Total} letters and messages from supporters in {sums.Countries} countries between {sums.First} and {sums.Last}.";
        var englishHtml = WebUtility.HtmlDecode(english.Html);
        Assert.Contains(englishSentence, englishHtml, StringComparison.Ordinal);
        Assert.Contains("UA 3/26: Free Anna", englishHtml, StringComparison.Ordinal);
        Assert.Contains("Release her at once", englishHtml, StringComparison.Ordinal);
        Assert.Contains("Prosecutor General", englishHtml, StringComparison.Ordinal);
        Assert.Contains("Embassy of Norway", englishHtml, StringComparison.Ordinal);
        foreach (var (target, count) in await ReportSeed.ByTargetAsync(server, seeded.ActionId))
        {
            Assert.Contains($"data-count=\"{count}\"", english.Html, StringComparison.Ordinal);
        }

        // One target: its own language (English) and only its counts.
        var one = await ReportSeed.SumsAsync(server, seeded.ActionId, seeded.Minister);
        var minister = WebUtility.HtmlDecode((await admin.GetAsync($"/desk/act/{seeded.ActionId}/report?target={seeded.Minister}")).Html);
        Assert.Contains($"{one.Total} letters and messages from supporters between {one.First} and {one.Last}; the supporters did not name their countries.", minister, StringComparison.Ordinal);
        Assert.DoesNotContain("Prosecutor General", minister, StringComparison.Ordinal);

        // The PDF, in both languages, read back.
        var pdfRussian = await PdfTextAsync(admin, $"/desk/act/{seeded.ActionId}/report.pdf");
        Assert.Contains(russianSentence, pdfRussian, StringComparison.Ordinal);
        Assert.Contains("Освободите Анну", pdfRussian, StringComparison.Ordinal);
        var pdfEnglish = await PdfTextAsync(admin, $"/desk/act/{seeded.ActionId}/report.pdf?lang=en");
        Assert.Contains(englishSentence, pdfEnglish, StringComparison.Ordinal);
        Assert.Contains("Release her at once", pdfEnglish, StringComparison.Ordinal);

        // The CSV: every count row, and the same sums.
        var csv = await admin.Http.GetAsync($"/desk/act/{seeded.ActionId}/counts.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("target,target_id,channel,language,country,count,first,last", lines[0]);
        var rows = lines.Skip(1).Select(Cells).ToList();
        Assert.Equal(await ReportSeed.RowCountAsync(server, seeded.ActionId), rows.Count);
        Assert.Equal(sums.Total, rows.Sum(r => long.Parse(r[5], CultureInfo.InvariantCulture)));
        Assert.Equal(sums.Countries, rows.Where(r => r[4].Length > 0).Select(r => r[4]).Distinct().Count());
        Assert.Contains(rows, r => r[0] == "Иван Петров" && r[2] == "haven" && r[3] == "ru" && r[4] == "RU" && r[5] == "3" && r[6] == "2026-11-23T10:00:00Z");
        Assert.Contains(rows, r => r[0] == "" && r[2] == "fax" && r[4] == "FR");

        var audit = await Accounts.Accounts.AuditAsync(server);
        Assert.Equal(6, audit.Count(e => e.Action == ActActions.ReportMade && e.SubjectId == seeded.ActionId));
    }

    [Fact]
    public async Task A_campaigner_and_an_administrator_may_report_and_a_caseworker_gets_403()
    {
        await using var server = await HavenServer.StartAsync();
        var seeded = await ReportSeed.SeedAsync(server);
        var paths = new[] { $"/desk/act/{seeded.ActionId}/report", $"/desk/act/{seeded.ActionId}/report.pdf", $"/desk/act/{seeded.ActionId}/counts.csv" };

        var campaignerAccount = await Accounts.Accounts.AddResponderAsync(server, "Campaigner", ResponderRole.Campaigner);
        using var campaigner = server.CreateClient("ru");
        await campaignerAccount.LoginAsync(server, campaigner);
        foreach (var path in paths)
        {
            Assert.Equal(HttpStatusCode.OK, (await campaigner.Http.GetAsync(path)).StatusCode);
        }

        var caseworkerAccount = await Accounts.Accounts.AddResponderAsync(server, "Caseworker", ResponderRole.Caseworker);
        using var caseworker = server.CreateClient();
        await caseworkerAccount.LoginAsync(server, caseworker);
        foreach (var path in paths)
        {
            var page = await caseworker.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, page.Status);
            Assert.DoesNotContain("Prosecutor", page.Html, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await campaigner.GetAsync($"/desk/act/{RandomId.New()}/report")).Status);
        var audit = await Accounts.Accounts.AuditAsync(server);
        Assert.Equal(3, audit.Count(e => e.Action == ActActions.ReportMade));
        Assert.All(audit.Where(e => e.Action == ActActions.ReportMade), e => Assert.Equal(campaignerAccount.Id, e.ActorId));
    }

    [Fact]
    public async Task Without_the_font_the_pdf_is_a_localized_503_and_the_page_still_works()
    {
        var empty = Directory.CreateTempSubdirectory("haven-nofont-");
        try
        {
            await using var server = await HavenServer.StartAsync($"--Haven:Act:Report:FontFolder={empty.FullName}");
            var seeded = await ReportSeed.SeedAsync(server);
            using var admin = await Accounts.Accounts.AdminAsync(server);
            var pdf = await admin.GetAsync($"/desk/act/{seeded.ActionId}/report.pdf?lang=en");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, pdf.Status);
            Assert.Contains("fonts-dejavu-core", pdf.Html, StringComparison.Ordinal);
            Assert.Contains("text/html", pdf.Response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);

            using var russian = server.CreateClient("ru");
            await russian.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, NextCode(server));
            var ru = await russian.GetAsync($"/desk/act/{seeded.ActionId}/report.pdf");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ru.Status);
            Assert.Contains("На сервере нет шрифта", WebUtility.HtmlDecode(ru.Html), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/desk/act/{seeded.ActionId}/report")).Status);
            Assert.DoesNotContain(server.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    private static string NextCode(HavenServer server)
    {
        server.Clock.Advance(TimeSpan.FromSeconds(30));
        return server.AdminCode();
    }

    private static async Task<string> PdfTextAsync(HavenClient client, string path)
    {
        var response = await client.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var document = PdfDocument.Open(bytes);
        var text = new StringBuilder();
        foreach (var page in document.GetPages())
        {
            text.AppendLine(string.Join(' ', page.GetWords().Select(w => w.Text)));
        }

        return text.ToString();
    }

    /// <summary>The cells of one CSV line (quoted cells allowed).</summary>
    private static string[] Cells(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return [.. cells];
    }
}
