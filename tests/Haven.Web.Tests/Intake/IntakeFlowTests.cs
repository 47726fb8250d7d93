using System.Net;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Intake;

public sealed class IntakeFlowTests
{
    [Fact]
    public async Task A_person_asks_for_help_a_responder_replies_and_the_person_reads_it_with_the_receipt()
    {
        await using var server = await HavenServer.StartAsync();
        using var person = server.CreateClient();
        var receipt = await person.AskForHelpAsync();
        Assert.Equal(20, receipt.Length);

        var sent = await person.SubmitRequestAsync("We are hiding in the cellar, please help", urgency: "now", help: ["evacuation", "shelter"], contact: "signal: ask for Z");
        Assert.Equal(HttpStatusCode.OK, sent.Status);
        Assert.EndsWith("/sent", sent.Location.AbsolutePath, StringComparison.Ordinal);

        using var responder = server.CreateClient();
        var login = await responder.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        Assert.Equal("/desk", login.Location.AbsolutePath);
        var cases = await responder.InboxCaseIdsAsync();
        var caseId = Assert.Single(cases);
        var casePage = await responder.GetAsync($"/desk/case/{caseId}");
        Assert.Contains("We are hiding in the cellar, please help", casePage.Html, StringComparison.Ordinal);
        Assert.Contains("signal: ask for Z", casePage.Html, StringComparison.Ordinal);

        var replied = await responder.ReplyAsync(caseId, "Stay where you are; we will write again tonight.");
        Assert.Equal(HttpStatusCode.OK, replied.Status);

        // The person comes back later, in a new browser session, with only the receipt.
        using var later = server.CreateClient();
        var opened = await later.ReturnAsync(string.Join(' ', receipt.Chunk(4).Select(c => new string(c))));
        Assert.Equal("/conversation", opened.Location.AbsolutePath);
        Assert.Contains("Stay where you are; we will write again tonight.", opened.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("We are hiding in the cellar", opened.Html, StringComparison.Ordinal);

        var followUp = await later.SendMessageAsync("Thank you. Two of us, one child.");
        Assert.Equal(HttpStatusCode.OK, followUp.Status);
        casePage = await responder.GetAsync($"/desk/case/{caseId}");
        Assert.Contains("Two of us, one child.", casePage.Html, StringComparison.Ordinal);
    }
}
