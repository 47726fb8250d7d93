using System.Text.RegularExpressions;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Workflow;

public sealed partial class PersonViewTests
{
    [Fact]
    public async Task The_person_sees_their_own_messages_and_replies_but_no_trace_of_the_team_s_notes_steps_or_case_data()
    {
        await using var server = await HavenServer.StartAsync();
        var (caseId, receipt) = await WorkflowDesk.OpenCaseAsync(server);
        using var admin = await WorkflowDesk.LoginAdminAsync(server);
        await admin.AddNoteAsync(caseId, "internal note");
        await admin.MoveAsync(caseId, "Triage", reason: "a reason");
        await admin.ReplyAsync(caseId, "we read you");

        using var person = server.CreateClient();
        var page = await person.ReturnAsync(receipt);
        Assert.Equal(1, YouSent().Count(page.Html));
        Assert.Contains("we read you", page.Html, StringComparison.Ordinal);
        Assert.Equal(2, EntryDiv().Count(page.Html));
    }

    [GeneratedRegex("You sent a message")]
    private static partial Regex YouSent();

    [GeneratedRegex("<div class=\"entry ")]
    private static partial Regex EntryDiv();
}
