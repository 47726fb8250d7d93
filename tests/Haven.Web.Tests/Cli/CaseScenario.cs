using System.Net;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Cli;

/// <summary>What a person and a responder wrote into one case, through the real web front ends.</summary>
internal sealed record CaseTexts(string Request, string[] Help, string Contact, string Reply, string? FollowUp);

/// <summary>The case the scenario produced and the receipt the person was given.</summary>
internal sealed record WrittenCase(string CaseId, string Receipt);

/// <summary>
/// A person asks for help and sends a request, the administrator replies from the desk, and (optionally) the
/// person comes back with the receipt and writes a follow-up. Shared by the CLI, interop and canary tests.
/// </summary>
internal static class CaseScenario
{
    /// <param name="server">A running server.</param>
    /// <param name="responder">A client of that server; it is logged in as the administrator and stays so.</param>
    /// <param name="texts">What is written.</param>
    /// <param name="configure">Applied to every client the person uses (and to <paramref name="responder"/>).</param>
    public static async Task<WrittenCase> WriteAsync(HavenServer server, HavenClient responder, CaseTexts texts, Action<HavenClient>? configure = null)
    {
        configure?.Invoke(responder);
        using var person = server.CreateClient();
        configure?.Invoke(person);
        var receipt = await person.AskForHelpAsync();
        var sent = await person.SubmitRequestAsync(texts.Request, urgency: "now", help: texts.Help, contact: texts.Contact);
        Assert.Equal(HttpStatusCode.OK, sent.Status);
        Assert.EndsWith("/sent", sent.Location.AbsolutePath, StringComparison.Ordinal);

        var login = await responder.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        Assert.Equal("/desk", login.Location.AbsolutePath);
        var caseId = Assert.Single(await responder.InboxCaseIdsAsync());
        var replied = await responder.ReplyAsync(caseId, texts.Reply);
        Assert.Equal(HttpStatusCode.OK, replied.Status);

        if (texts.FollowUp is not null)
        {
            using var later = server.CreateClient();
            configure?.Invoke(later);
            var opened = await later.ReturnAsync(receipt);
            Assert.Equal("/conversation", opened.Location.AbsolutePath);
            var followUp = await later.SendMessageAsync(texts.FollowUp);
            Assert.Equal(HttpStatusCode.OK, followUp.Status);
        }

        return new WrittenCase(caseId, receipt);
    }
}
