using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Workflow;

namespace Haven.Web.Tests.Pages;

/// <summary>
/// Every date a page shows reads the same in every language, and cannot be mistaken for another: on 5 December
/// 2026, English pages once showed "12/5/2026" (12 May to most readers) and Russian ones "05.12.2026".
/// </summary>
public sealed class DateTextHttpTests
{
    private static readonly string[] Ambiguous = ["12/5/2026", "12/05/2026", "5/12/2026", "05.12.2026", "5.12.2026"];

    [Fact]
    public async Task The_person_s_conversation_shows_days_as_iso_dates_in_english_and_russian()
    {
        await using var server = await HavenServer.StartAsync();
        server.Clock.Advance(new DateOnly(2026, 12, 5).ToDateTime(TimeOnly.MinValue) - server.Clock.GetUtcNow().UtcDateTime.Date);
        var (caseId, receipt) = await WorkflowDesk.OpenCaseAsync(server);
        using (var admin = await WorkflowDesk.LoginAdminAsync(server))
        {
            await admin.ReplyAsync(caseId, "we read you");
        }

        foreach (var language in new[] { "en", "ru" })
        {
            using var person = server.CreateClient(language);
            var page = await person.ReturnAsync(receipt);
            Assert.Contains("we read you", page.Html, StringComparison.Ordinal);
            Assert.Contains("· 2026-12-05</p>", page.Html, StringComparison.Ordinal);
            AssertNoAmbiguousDate(page.Html);
        }
    }

    [Fact]
    public async Task The_case_page_and_the_audit_log_show_iso_dates_in_english_and_russian()
    {
        await using var server = await HavenServer.StartAsync();
        server.Clock.Advance(new DateOnly(2026, 12, 5).ToDateTime(new TimeOnly(14, 30)) - server.Clock.GetUtcNow().UtcDateTime);
        var (caseId, _) = await WorkflowDesk.OpenCaseAsync(server);
        using var admin = await WorkflowDesk.LoginAdminAsync(server);
        await admin.AddNoteAsync(caseId, "a note");
        await admin.MoveAsync(caseId, "Triage", reason: "a reason");
        await admin.ReplyAsync(caseId, "a reply");

        foreach (var language in new[] { "en", "ru" })
        {
            await admin.GetAsync($"/lang?c={language}&r=%2Fdesk");
            var page = await admin.GetAsync($"/desk/case/{caseId}");
            Assert.Contains(language == "en" ? "<html lang=\"en\">" : "<html lang=\"ru\">", page.Html, StringComparison.Ordinal);
            // The request, the note, the step in the history and the reply: each dated the same way.
            Assert.True(CountOf(page.Html, "2026-12-05") >= 4, page.Html);
            AssertNoAmbiguousDate(page.Html);

            var audit = await admin.GetAsync("/desk/audit");
            Assert.Contains("2026-12-05 14:30 UTC", audit.Html, StringComparison.Ordinal);
            AssertNoAmbiguousDate(audit.Html);
        }
    }

    private static void AssertNoAmbiguousDate(string html)
    {
        foreach (var form in Ambiguous)
        {
            Assert.DoesNotContain(form, html, StringComparison.Ordinal);
        }
    }

    private static int CountOf(string html, string text)
    {
        var count = 0;
        for (var at = html.IndexOf(text, StringComparison.Ordinal); at >= 0; at = html.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
