using System.Net;
using Haven.Accounts;
using Haven.Storage;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Desk;

public sealed class DeskHttpTests
{
    [Fact]
    public async Task A_totp_code_already_used_is_refused()
    {
        await using var server = await HavenServer.StartAsync();
        var code = server.AdminCode();
        using (var first = server.CreateClient())
        {
            var ok = await first.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, code);
            Assert.Equal("/desk", ok.Location.AbsolutePath);
        }

        using var second = server.CreateClient();
        var reused = await second.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, code);
        Assert.Equal(HttpStatusCode.BadRequest, reused.Status);
        Assert.Contains("That code was already used", reused.Html, StringComparison.Ordinal);

        // An older code is refused too; the next one works.
        var older = await second.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode(-1));
        Assert.Equal(HttpStatusCode.BadRequest, older.Status);
        var next = await second.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode(1));
        Assert.Equal("/desk", next.Location.AbsolutePath);
    }

    [Fact]
    public async Task Wrong_passphrase_or_code_fails_the_same_way_and_failures_are_throttled()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Throttle:Logins:FailuresPerWindow=3", "--Haven:Throttle:Logins:Window=00:10:00");
        using var client = server.CreateClient();
        var wrongPass = await client.LoginAsync(HavenServer.AdminName, "not the passphrase at all", server.AdminCode());
        var wrongCode = await client.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, "000000");
        var unknown = await client.LoginAsync("Nobody", HavenServer.AdminPassphrase, server.AdminCode());
        var wrongAgain = await client.LoginAsync(HavenServer.AdminName, "still not the passphrase", server.AdminCode());
        foreach (var page in new[] { wrongPass, wrongCode, unknown, wrongAgain })
        {
            Assert.Equal(HttpStatusCode.BadRequest, page.Status);
            Assert.Contains("The name, passphrase or code is wrong.", page.Html, StringComparison.Ordinal);
        }

        // The name's allowance is spent: from this browser, which never logged in, even the right credentials wait.
        var throttled = await client.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
        Assert.Contains("Too many failed attempts for this name. Try again in 4 minutes,", throttled.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_desk_requires_login_and_logout_ends_the_session()
    {
        await using var server = await HavenServer.StartAsync();
        using var client = server.CreateClient();
        var inbox = await client.GetAsync("/desk");
        Assert.Equal("/desk/login", inbox.Location.AbsolutePath);
        var casePage = await client.GetAsync("/desk/case/0123456789abcdef0123456789abcdef");
        Assert.Equal("/desk/login", casePage.Location.AbsolutePath);

        await client.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        Assert.Equal("/desk", (await client.GetAsync("/desk")).Location.AbsolutePath);
        await client.PostFormAsync("/desk", "/desk/logout", []);
        Assert.Equal("/desk/login", (await client.GetAsync("/desk")).Location.AbsolutePath);
    }

    [Fact]
    public async Task An_idle_responder_is_logged_out()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Desk:IdleTimeout=00:10:00");
        using var client = server.CreateClient();
        await client.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        server.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("/desk", (await client.GetAsync("/desk")).Location.AbsolutePath);
        server.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal("/desk/login", (await client.GetAsync("/desk")).Location.AbsolutePath);
    }

    [Fact]
    public async Task A_reply_sent_after_the_session_ran_out_is_not_stored_and_its_text_comes_back()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Desk:IdleTimeout=00:10:00");
        var (caseId, _) = await Workflow.WorkflowDesk.OpenCaseAsync(server);
        foreach (var language in new[] { "en", "ru" })
        {
            using var admin = server.CreateClient(language);
            await admin.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode(language == "en" ? 0 : 1));
            var page = await admin.GetAsync($"/desk/case/{caseId}");
            var fields = new List<KeyValuePair<string, string>>
            {
                new("__af", HavenClient.Hidden(page.Html, "__af")!),
                new("RecordId", HavenClient.Hidden(page.Html, "RecordId")!),
                new("Text", "A long night's reply <b>kept</b> & not lost"),
            };
            MultipartFormDataContent Form(bool withFile = true)
            {
                var content = new MultipartFormDataContent();
                foreach (var (name, value) in fields)
                {
                    content.Add(new StringContent(value), name);
                }

                if (withFile)
                {
                    content.Add(new ByteArrayContent(Files.FileTestKit.RandomBytes(300_000)), "Files", "evidence.pdf");
                    return content;
                }

                // A file input left empty: browsers send it with an empty file name and no content.
                var empty = new ByteArrayContent([]);
                empty.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("form-data") { Name = "\"Files\"", FileName = "\"\"" };
                empty.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
                content.Add(empty);
                return content;
            }

            // Writing took longer than the idle timeout.
            server.Clock.Advance(TimeSpan.FromMinutes(11));
            var before = await server.CountAsync(db => db.Records);
            using (var form = Form())
            using (var sent = await admin.Http.PostAsync($"/desk/case/{caseId}/reply", form))
            {
                Assert.Equal(HttpStatusCode.TemporaryRedirect, sent.StatusCode);
                Assert.Equal("/desk/signed-out", sent.Headers.Location?.OriginalString);
            }

            // The browser sends the same form there (307): the text comes back, escaped; the file is not kept.
            using (var form = Form())
            using (var shown = await admin.Http.PostAsync("/desk/signed-out", form))
            {
                var html = await shown.Content.ReadAsStringAsync();
                Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
                Assert.Contains("A long night&#x27;s reply &lt;b&gt;kept&lt;/b&gt; &amp; not lost", html, StringComparison.Ordinal);
                Assert.Contains(language == "en" ? "Files attached: 1." : "Приложено файлов: 1.", html, StringComparison.Ordinal);
                Assert.Contains(language == "en" ? "nothing was saved or sent" : "ничего не сохранено и не отправлено", html, StringComparison.Ordinal);
                Assert.DoesNotContain(HavenClient.Hidden(page.Html, "RecordId")!, html, StringComparison.Ordinal);
            }

            // Without a file (the input left empty), the page does not speak of files.
            using (var form = Form(withFile: false))
            using (var shown = await admin.Http.PostAsync("/desk/signed-out", form))
            {
                var html = await shown.Content.ReadAsStringAsync();
                Assert.Contains("A long night&#x27;s reply", html, StringComparison.Ordinal);
                Assert.DoesNotContain(language == "en" ? "Files attached" : "Приложено файлов", html, StringComparison.Ordinal);
            }

            Assert.Equal(before, await server.CountAsync(db => db.Records));
            var blobs = Path.Combine(server.DataPath, "blobs");
            Assert.Empty(Directory.Exists(blobs) ? Directory.GetFiles(blobs, "*", SearchOption.AllDirectories) : []);
            Assert.Equal("/desk/login", (await admin.GetAsync("/desk/signed-out")).Location.AbsolutePath);
        }
    }

    [Fact]
    public async Task A_case_not_granted_is_not_listed_and_not_found_and_no_key_opens_it()
    {
        await using var server = await HavenServer.StartAsync();
        using (var person = server.CreateClient())
        {
            await person.AskForHelpAsync();
            await person.SubmitRequestAsync("only for the admin");
        }

        // A caseworker added after the case was opened holds no seal of its key.
        var (worker, totp) = NewResponder.Create("Worker", "another long passphrase", ResponderRole.Caseworker, DateOnly.FromDateTime(server.Clock.GetUtcNow().UtcDateTime));
        var factory = server.Services.GetRequiredService<IDbContextFactory<HavenDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await Haven.Instance.AddResponderCommand.ExecuteAsync(db, worker, CancellationToken.None);
        }

        using var admin = server.CreateClient();
        await admin.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        var caseId = Assert.Single(await admin.InboxCaseIdsAsync());

        using var client = server.CreateClient();
        var login = await client.LoginAsync("Worker", "another long passphrase", TotpCodes.Compute(totp, server.Clock.GetUtcNow()));
        Assert.Equal("/desk", login.Location.AbsolutePath);
        Assert.Empty(await client.InboxCaseIdsAsync());
        var page = await client.GetAsync($"/desk/case/{caseId}");
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.DoesNotContain("only for the admin", page.Html, StringComparison.Ordinal);
        var reply = await client.PostAsync($"/desk/case/{caseId}/reply", [new("__af", HavenClient.Hidden((await client.GetAsync("/desk")).Html, "__af")!), new("RecordId", Haven.Crypto.RandomId.New()), new("Text", "x")]);
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);

        await using var check = await factory.CreateDbContextAsync();
        Assert.False(await check.CaseKeySeals.AnyAsync(s => s.ResponderId == worker.Id));
    }

    [Fact]
    public async Task Closing_and_reopening_a_case()
    {
        await using var server = await HavenServer.StartAsync();
        using (var person = server.CreateClient())
        {
            await person.AskForHelpAsync();
            await person.SubmitRequestAsync("help");
        }

        using var admin = server.CreateClient();
        await admin.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        var caseId = Assert.Single(await admin.InboxCaseIdsAsync());
        var closed = await admin.PostFormAsync($"/desk/case/{caseId}", $"/desk/case/{caseId}?handler=transition", [new("To", "Closed"), new("Outcome", "Duplicate"), new("TransitionId", Haven.Crypto.RandomId.New())]);
        Assert.Contains("Reopen case", closed.Html, StringComparison.Ordinal);
        Assert.Empty(await admin.InboxCaseIdsAsync());
        var bad = await admin.PostFormAsync($"/desk/case/{caseId}", $"/desk/case/{caseId}?handler=transition", [new("To", "Exploded"), new("TransitionId", Haven.Crypto.RandomId.New())]);
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        await admin.PostFormAsync($"/desk/case/{caseId}", $"/desk/case/{caseId}?handler=transition", [new("To", "Triage"), new("TransitionId", Haven.Crypto.RandomId.New())]);
        Assert.Single(await admin.InboxCaseIdsAsync());
    }
}
