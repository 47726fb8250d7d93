using System.Net;
using Haven.Accounts;
using Haven.Audit;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Workflow.WorkflowDesk;

namespace Haven.Web.Tests.TeamTexts;

/// <summary>
/// "What happens next and what to do now" (issue 21): the texts administrators set on the desk per language,
/// with defaults from the resources, shown on the intake as plain text, kept across restarts, one audited
/// version per change.
/// </summary>
public sealed class TeamTextsHttpTests
{
    private const string Script = "<script>alert(1)</script>";

    [Fact]
    public async Task The_defaults_show_on_the_intake_in_both_languages_and_the_reply_time_until_the_first_reply()
    {
        await using var server = await HavenServer.StartAsync();
        using var english = server.CreateClient("en");
        var landing = await english.GetAsync("/");
        Assert.Contains("<h2 id=\"danger-title\">In danger right now?</h2>", landing.Html, StringComparison.Ordinal);
        Assert.Contains("do not wait for our reply", landing.Html, StringComparison.Ordinal);
        Assert.Contains("Calling the local police can itself be dangerous", landing.Html, StringComparison.Ordinal);
        Assert.Contains("The team usually replies within 24 hours.", landing.Html, StringComparison.Ordinal);
        Assert.Contains("read by a real person", landing.Html, StringComparison.Ordinal);
        Assert.Contains("Our help is free", landing.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"team-emergency-contacts\"", landing.Html, StringComparison.Ordinal);

        using var russian = server.CreateClient("ru");
        var русская = await russian.GetAsync("/");
        Assert.Contains("Вам угрожает опасность прямо сейчас?", русская.Html, StringComparison.Ordinal);
        Assert.Contains("Звонок в местную полицию сам может быть опасен", русская.Html, StringComparison.Ordinal);
        Assert.Contains("Обычно команда отвечает в течение суток.", русская.Html, StringComparison.Ordinal);
        Assert.Contains("Наша помощь бесплатна", русская.Html, StringComparison.Ordinal);

        // The request form: the danger block, the languages the team reads, what happens after sending.
        await russian.AskForHelpAsync();
        var form = await russian.GetAsync("/request");
        Assert.Contains("href=\"#danger\"", form.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"danger\"", form.Html, StringComparison.Ordinal);
        Assert.Contains("Пишите как можете, своими словами: ошибки и опечатки не важны. Мы читаем по-русски и по-английски.", form.Html, StringComparison.Ordinal);
        Assert.Contains("Обычно команда отвечает в течение суток.", form.Html, StringComparison.Ordinal);

        // After sending: checking questions and why, free help, the reply time.
        var sent = await russian.SubmitRequestAsync("Помогите, пожалуйста");
        Assert.Equal("/sent", sent.Location.AbsolutePath);
        Assert.Contains("проверочных вопросов", sent.Html, StringComparison.Ordinal);
        Assert.Contains("кто-то может выдавать себя за вас", sent.Html, StringComparison.Ordinal);
        Assert.Contains("Наша помощь бесплатна", sent.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"team-reply-time\">Обычно команда отвечает в течение суток.</p>", sent.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"danger\"", sent.Html, StringComparison.Ordinal);

        // The conversation repeats the reply time while no reply has come, and no longer after one.
        var waiting = await russian.GetAsync("/conversation");
        Assert.Contains("id=\"team-reply-time\">Обычно команда отвечает в течение суток.</p>", waiting.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"danger\"", waiting.Html, StringComparison.Ordinal);
        Assert.Contains("ошибки и опечатки не важны", waiting.Html, StringComparison.Ordinal);

        string caseId;
        await using (var db = await Db(server))
        {
            caseId = await db.Cases.AsNoTracking().Select(c => c.Id).SingleAsync();
        }

        using var admin = await LoginAdminAsync(server);
        await admin.ReplyAsync(caseId, "We read you. First, a few checking questions.");
        var replied = await russian.GetAsync("/conversation");
        Assert.Contains("We read you.", replied.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"team-reply-time\"", replied.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"danger\"", replied.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Texts_set_on_the_desk_show_on_the_intake_escaped_in_their_language_and_survive_a_restart()
    {
        await using var server = await HavenServer.StartAsync();
        using (var admin = await LoginAdminAsync(server))
        {
            var saved = await admin.SaveTextAsync("en", "reply_time", $"{Script} & \"soon\"");
            Assert.Equal(HttpStatusCode.OK, saved.Status);
            Assert.Equal("/desk/texts", saved.Location.AbsolutePath);
            Assert.Contains("Saved. The intake shows the new text now.", saved.Html, StringComparison.Ordinal);
            await admin.SaveTextAsync("en", "emergency_contacts", "+7 900 000-00-00 (Signal)\r\n\r\n<b>Hotline</b> & partners");
            await admin.SaveTextAsync("ru", "danger", "Звоните <i>нам</i> & друзьям\nВторая строка");

            // The desk shows the stored text encoded in its text area, never as markup.
            var desk = await admin.GetAsync("/desk/texts");
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;soon&quot;</textarea>", desk.Html, StringComparison.Ordinal);
            Assert.DoesNotContain(Script, desk.Html, StringComparison.Ordinal);
        }

        await AssertShownAsync(server);

        await server.StopAsync();
        await server.StartAgainAsync();
        await AssertShownAsync(server);

        static async Task AssertShownAsync(HavenServer server)
        {
            using var english = server.CreateClient("en");
            var landing = await english.GetAsync("/");
            Assert.Contains("The team usually replies &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;soon&quot;.", landing.Html, StringComparison.Ordinal);
            Assert.DoesNotContain(Script, landing.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("<b>", landing.Html, StringComparison.Ordinal);
            // Razor's encoder writes "+" as a character reference too.
            Assert.Contains("<li><bdi>&#x2B;7 900 000-00-00 (Signal)</bdi></li>", landing.Html, StringComparison.Ordinal);
            Assert.Contains("<li><bdi>&lt;b&gt;Hotline&lt;/b&gt; &amp; partners</bdi></li>", landing.Html, StringComparison.Ordinal);
            Assert.Contains("Emergency contacts of the team", landing.Html, StringComparison.Ordinal);

            // English keeps its default danger text: the Russian one is Russian only.
            Assert.Contains("do not wait for our reply", landing.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("Звоните", landing.Html, StringComparison.Ordinal);

            using var russian = server.CreateClient("ru");
            var русская = await russian.GetAsync("/");
            Assert.Contains("<p>Звоните &lt;i&gt;нам&lt;/i&gt; &amp; друзьям</p>", русская.Html, StringComparison.Ordinal);
            Assert.Contains("<p>Вторая строка</p>", русская.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("<i>", русская.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("не ждите нашего ответа", русская.Html, StringComparison.Ordinal);
            Assert.Contains("Обычно команда отвечает в течение суток.", русская.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"team-emergency-contacts\"", русская.Html, StringComparison.Ordinal);

            // The same texts on the person's other pages.
            await english.AskForHelpAsync();
            var form = await english.GetAsync("/request");
            Assert.Contains("The team usually replies &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;soon&quot;.", form.Html, StringComparison.Ordinal);
            Assert.Contains("<li><bdi>&lt;b&gt;Hotline&lt;/b&gt; &amp; partners</bdi></li>", form.Html, StringComparison.Ordinal);
            var sent = await english.SubmitRequestAsync("please help");
            Assert.Contains("The team usually replies &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;soon&quot;.", sent.Html, StringComparison.Ordinal);
            var conversation = await english.GetAsync("/conversation");
            Assert.Contains("id=\"team-reply-time\">The team usually replies &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;soon&quot;.</p>", conversation.Html, StringComparison.Ordinal);
            Assert.DoesNotContain(Script, conversation.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_change_is_a_new_version_in_the_audit_log_shown_in_both_languages_and_reset_brings_the_default_back()
    {
        await using var server = await HavenServer.StartAsync();
        using var admin = await LoginAdminAsync(server);
        Assert.Contains("id=\"nav-texts\"", (await admin.GetAsync("/desk")).Html, StringComparison.Ordinal);
        await admin.SaveTextAsync("en", "reply_time", "within a day");
        await admin.SaveTextAsync("en", "reply_time", "within two days");

        // The same text again, or the default typed out, makes no version.
        var unchanged = await admin.SaveTextAsync("en", "reply_time", "  within two days \r\n");
        Assert.Contains("Nothing changed", unchanged.Html, StringComparison.Ordinal);
        var page = await admin.GetAsync("/desk/texts");
        Assert.Contains("Version 2 of 2026-11-23, by Admin.", page.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"text-en-reply-time-reset\"", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"text-ru-reply-time-reset\"", page.Html, StringComparison.Ordinal);

        var reset = await admin.PostWithTokenAsync("/desk/texts", "/desk/texts?handler=reset", [new("Language", "en"), new("Kind", "reply_time")]);
        Assert.Equal("/desk/texts", reset.Location.AbsolutePath);
        Assert.Contains("The default text is back on the intake.", reset.Html, StringComparison.Ordinal);
        Assert.Contains("Default text again since version 3 of 2026-11-23, by Admin.", reset.Html, StringComparison.Ordinal);
        Assert.Contains(">within 24 hours</textarea>", reset.Html, StringComparison.Ordinal);
        using (var person = server.CreateClient("en"))
        {
            Assert.Contains("The team usually replies within 24 hours.", (await person.GetAsync("/")).Html, StringComparison.Ordinal);
        }

        await admin.SaveTextAsync("en", "reply_time", "within 24 hours");
        await admin.SaveTextAsync("ru", "reply_time", "в течение часа");

        await using (var db = await Db(server))
        {
            var versions = await db.TeamTexts.AsNoTracking().OrderBy(v => v.Language).ThenBy(v => v.Version).ToListAsync();
            Assert.Equal(["en/1/within a day", "en/2/within two days", "en/3/", "ru/1/в течение часа"], versions.Select(v => $"{v.Language}/{v.Version}/{v.Text}"));
            var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action.StartsWith("teamtext.")).OrderBy(e => e.Seq).ToListAsync();
            Assert.Equal(
                ["teamtext.set reply_time/en/1", "teamtext.set reply_time/en/2", "teamtext.reset reply_time/en/3", "teamtext.set reply_time/ru/1"],
                entries.Select(e => $"{e.Action} {e.SubjectId}"));
            var adminId = await db.Responders.AsNoTracking().Where(r => r.Name == HavenServer.AdminName).Select(r => r.Id).SingleAsync();
            Assert.All(entries, e => Assert.Equal(adminId, e.ActorId));
            Assert.All(entries, e => Assert.Null(e.CaseId));
        }

        var report = await AuditVerifier.VerifyChainAsync(server.Data, null, CancellationToken.None);
        Assert.True(report.Intact, string.Join("; ", report.Problems.Select(p => p.Problem)));

        var audit = await admin.GetAsync("/desk/audit");
        Assert.Contains("<code>teamtext.reset</code>", audit.Html, StringComparison.Ordinal);
        Assert.Contains("<td>Expected reply time · English · version 3</td>", audit.Html, StringComparison.Ordinal);
        Assert.Contains("<td>Expected reply time · Русский · version 1</td>", audit.Html, StringComparison.Ordinal);
        admin.Http.DefaultRequestHeaders.AcceptLanguage.Clear();
        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru");
        var журнал = await admin.GetAsync("/desk/audit");
        Assert.Contains("<td>Ожидаемое время ответа · English · версия 2</td>", журнал.Html, StringComparison.Ordinal);
        Assert.Contains("<td>Ожидаемое время ответа · Русский · версия 1</td>", журнал.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_text_too_long_is_refused_in_the_administrators_language_with_the_text_given_back()
    {
        await using var server = await HavenServer.StartAsync();
        using var admin = await LoginAdminAsync(server);
        var tooLong = "within " + new string('x', 94);
        Assert.Equal(101, tooLong.Length);
        var refused = await admin.SaveTextAsync("en", "reply_time", tooLong);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("The text is too long: at most 100 characters.", refused.Html, StringComparison.Ordinal);
        Assert.Contains($">{tooLong}</textarea>", refused.Html, StringComparison.Ordinal);

        admin.Http.DefaultRequestHeaders.AcceptLanguage.Clear();
        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru");
        var danger = "Если опасность — пишите <сразу> & звоните\n" + new string('ж', 2000);
        var отказ = await admin.SaveTextAsync("ru", "danger", danger);
        Assert.Equal(HttpStatusCode.BadRequest, отказ.Status);
        Assert.Contains("Текст слишком длинный: не более 2000 символов.", отказ.Html, StringComparison.Ordinal);
        Assert.Contains("Если опасность — пишите &lt;сразу&gt; &amp; звоните&#xA;" + new string('ж', 2000) + "</textarea>", отказ.Html, StringComparison.Ordinal);

        // Exactly the limit is fine; a language or a text the intake does not have is refused.
        Assert.Equal(HttpStatusCode.OK, (await admin.SaveTextAsync("en", "reply_time", tooLong[..100])).Status);
        var unknownLanguage = await admin.SaveTextAsync("de", "reply_time", "bald");
        Assert.Equal(HttpStatusCode.BadRequest, unknownLanguage.Status);
        Assert.Contains("Такого текста или языка нет.", unknownLanguage.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.SaveTextAsync("en", "nonsense", "x")).Status);

        await using var db = await Db(server);
        Assert.Equal(["en/reply_time/1"], await db.TeamTexts.AsNoTracking().Select(v => v.Language + "/" + v.Kind + "/" + v.Version).ToListAsync());
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action.StartsWith("teamtext.")));
    }

    [Fact]
    public async Task Only_administrators_reach_the_texts_and_change_them()
    {
        await using var server = await HavenServer.StartAsync();
        using var admin = await LoginAdminAsync(server);
        using (var anonymous = server.CreateClient())
        {
            var page = await anonymous.GetAsync("/desk/texts");
            Assert.Equal("/desk/login", page.Location.AbsolutePath);
        }

        foreach (var role in new[] { ResponderRole.Coordinator, ResponderRole.Caseworker, ResponderRole.Analyst })
        {
            var responder = await AddResponderAsync(server, "Someone " + role, role);
            using var client = await LoginAsync(server, responder);
            Assert.DoesNotContain("id=\"nav-texts\"", (await client.GetAsync("/desk")).Html, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/desk/texts")).Status);
            var ownToken = HavenClient.Hidden((await client.GetAsync("/desk")).Html, "__af")!;
            var posted = await client.PostAsync("/desk/texts?handler=save", [new("Language", "en"), new("Kind", "danger"), new("Text", "Send money first"), new("__af", ownToken)]);
            Assert.Equal(HttpStatusCode.NotFound, posted.Status);
            var reset = await client.PostAsync("/desk/texts?handler=reset", [new("Language", "en"), new("Kind", "danger"), new("__af", ownToken)]);
            Assert.Equal(HttpStatusCode.NotFound, reset.Status);
        }

        // Without the anti-forgery token of the administrator's session, nothing is saved either.
        var forged = await admin.PostAsync("/desk/texts?handler=save", [new("Language", "en"), new("Kind", "danger"), new("Text", "Send money first")]);
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);

        await using var db = await Db(server);
        Assert.Equal(0, await db.TeamTexts.CountAsync());
        using var person = server.CreateClient("en");
        Assert.DoesNotContain("Send money first", (await person.GetAsync("/")).Html, StringComparison.Ordinal);
    }
}

/// <summary>Intent methods for the desk's texts page, over real HTTP like a browser.</summary>
internal static class TeamTextsDesk
{
    /// <summary>Saves one text in one language through the page's form, with the page's anti-forgery token.</summary>
    public static Task<HavenClient.Page> SaveTextAsync(this HavenClient client, string language, string kind, string text) =>
        client.PostWithTokenAsync("/desk/texts", "/desk/texts?handler=save", [new("Language", language), new("Kind", kind), new("Text", text)]);
}
