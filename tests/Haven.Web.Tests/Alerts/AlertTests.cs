using System.Net;
using Haven.Accounts;
using Haven.Act;
using Haven.Alerts;
using Haven.Crypto;
using Haven.Mail;
using Haven.Tests;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Alerts;

/// <summary>
/// Content-free alerts for responders (issue 18, point 7) over real HTTP: opting in on My account, the job noticing
/// a new request or a person writing, at most one alert per interval (the server's clock is a ManualClock), the
/// alert queued in the outbox saying only that there is new activity (no case content, id, receipt or count), the
/// address never in a page or a log, and nothing for a responder who did not opt in or whose role does not see it.
/// </summary>
public sealed class AlertTests
{
    [Fact]
    public async Task An_opted_in_responder_gets_one_content_free_alert_per_interval()
    {
        await using var server = await HavenServer.StartAsync();
        var job = await StartedJobAsync(server);
        var address = "night-" + RandomId.New()[..8] + "@alerts.test";
        using var admin = await Accounts.Accounts.AdminAsync(server);
        var saved = await admin.PostFormAsync("/desk/account", "/desk/account?handler=alerts", [new("alertAddress", address), new("newRequests", "true"), new("caseMessages", "true")]);
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Contains("id=\"alerts-notice\"", saved.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(address, saved.Html, StringComparison.OrdinalIgnoreCase);

        // A coordinator who did not opt in gets nothing.
        await Accounts.Accounts.AddResponderAsync(server, "Coordinator", ResponderRole.Coordinator);

        using var person = server.CreateClient();
        var receipt = await person.AskForHelpAsync();
        const string Secret = "they took my brother to the station on Lenina street";
        await person.SubmitRequestAsync(Secret);
        Assert.Equal(1, await job.RunOnceAsync(CancellationToken.None));
        var first = Assert.Single(await AlertsAsync(server));
        Assert.Equal(address, Assert.Single(first.Payload.To).Address);
        Assert.Empty(first.Payload.Cc);
        Assert.Contains("There is new activity on the desk.", first.Payload.Body, StringComparison.Ordinal);
        Assert.Contains("На рабочем месте есть новое.", first.Payload.Body, StringComparison.Ordinal);
        var caseId = await SingleCaseAsync(server);
        foreach (var text in new[] { first.Payload.Subject, first.Payload.Body })
        {
            Assert.DoesNotContain(caseId, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(receipt, text, StringComparison.Ordinal);
            Assert.DoesNotContain("brother", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("urgent", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("срочн", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(text, char.IsDigit);
        }

        // The person writes again and a second request arrives within the interval: no second alert yet.
        await person.SendMessageAsync("one more thing");
        using (var other = server.CreateClient())
        {
            await other.AskForHelpAsync();
            await other.SubmitRequestAsync("another request");
        }

        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));
        Assert.Single(await AlertsAsync(server));

        // Once the interval has passed, the waiting activity gives exactly one more.
        server.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));
        server.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await job.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));
        var alerts = await AlertsAsync(server);
        Assert.Equal(2, alerts.Count);
        Assert.All(alerts, a => Assert.Equal(address, Assert.Single(a.Payload.To).Address));

        // Nothing new: nothing more, however long.
        server.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));

        // The address is in no page and no log line (a new session: the first one has expired meanwhile).
        using var again = await Accounts.Accounts.AdminAsync(server);
        var account = await again.GetAsync("/desk/account");
        Assert.DoesNotContain(address, account.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Alerts are on.", account.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains(address, StringComparison.OrdinalIgnoreCase) || l.Contains("alerts.test", StringComparison.OrdinalIgnoreCase));

        // Turning alerts off deletes the row and its address.
        var off = await again.PostFormAsync("/desk/account", "/desk/account?handler=alertsoff", []);
        Assert.Contains("Alerts are off; the address is deleted.", off.Html, StringComparison.Ordinal);
        Assert.Equal(0, await server.CountAsync(db => db.ResponderAlerts));
    }

    [Fact]
    public async Task An_alert_arrives_at_a_real_smtp_server_with_no_case_content_id_or_count()
    {
        var sink = SmtpSink.Shared;
        var domain = SmtpSink.NewDomain();
        var address = "night-shift@" + domain;
        await using var server = await HavenServer.StartAsync(sink.ServerSettings());
        var job = await StartedJobAsync(server);
        using var admin = await Accounts.Accounts.AdminAsync(server);
        await admin.PostFormAsync("/desk/account", "/desk/account?handler=alerts", [new("alertAddress", address), new("newRequests", "true")]);

        using var person = server.CreateClient();
        var receipt = await person.AskForHelpAsync();
        await person.SubmitRequestAsync("they took my brother to the station on Lenina street");
        Assert.Equal(1, await job.RunOnceAsync(CancellationToken.None));

        var message = Assert.Single(await sink.WaitForAsync(domain, 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(address, Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        Assert.Contains("There is new activity on the desk.", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("На рабочем месте есть новое.", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(message.TextBody ?? "", char.IsDigit);
        Assert.DoesNotContain(message.Subject ?? "", char.IsDigit);
        var caseId = await SingleCaseAsync(server);
        using var raw = new MemoryStream();
        await message.WriteToAsync(raw);
        var whole = System.Text.Encoding.UTF8.GetString(raw.ToArray());
        Assert.DoesNotContain(caseId, whole, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(receipt, whole, StringComparison.Ordinal);
        Assert.DoesNotContain("brother", whole, StringComparison.OrdinalIgnoreCase);

        // Sent, and nothing of it left in the outbox but the row's status.
        await Eventually.UntilAsync("the alert marked sent", async () => (await server.CountAsync(db => db.Outbox.Where(m => m.Kind == MailKind.Alert && m.Status == OutboxStatus.Sent && m.Payload == null))) == 1);
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains(domain, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Alerts_follow_the_choices_and_the_role()
    {
        await using var server = await HavenServer.StartAsync();
        var job = await StartedJobAsync(server);
        using var admin = await Accounts.Accounts.AdminAsync(server);

        // Only "a person writes in a case I hold": a new request alone does not alert.
        await admin.PostFormAsync("/desk/account", "/desk/account?handler=alerts", [new("alertAddress", "holder@alerts.test"), new("caseMessages", "true")]);

        // The opt-in is audited, without its address: an address set from a stolen session shows in the audit log.
        Assert.Equal(1, await server.CountAsync(db => db.AuditEntries.Where(e => e.Action == AlertSettingsCommand.ChangedAction)));
        using var person = server.CreateClient();
        await person.AskForHelpAsync();
        await person.SubmitRequestAsync("first words");
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));
        await person.SendMessageAsync("more words");
        Assert.Equal(1, await job.RunOnceAsync(CancellationToken.None));

        // Not opted in: nothing, even for activity.
        var account = await Accounts.Accounts.AddResponderAsync(server, "Caseworker", ResponderRole.Caseworker);
        using var caseworker = server.CreateClient();
        await account.LoginAsync(server, caseworker);
        var page = await caseworker.GetAsync("/desk/account");
        Assert.DoesNotContain("id=\"alert-new-requests\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"alert-case-messages\"", page.Html, StringComparison.Ordinal);

        // A campaigner holds no cases and sees no requests: no form, and a forged choice turns nothing on.
        var campaignerAccount = await Accounts.Accounts.AddResponderAsync(server, "Campaigner", ResponderRole.Campaigner);
        using var campaigner = server.CreateClient("ru");
        await campaignerAccount.LoginAsync(server, campaigner);
        var campaignerPage = await campaigner.GetAsync("/desk/account");
        Assert.Contains("id=\"alerts-none\"", campaignerPage.Html, StringComparison.Ordinal);
        Assert.Contains("оповещать вас не о чем", WebUtility.HtmlDecode(campaignerPage.Html), StringComparison.Ordinal);
        var token = HavenClient.Hidden(campaignerPage.Html, "__af")!;
        await campaigner.PostAsync("/desk/account?handler=alerts", [new("__af", token), new("alertAddress", "campaigner@alerts.test"), new("newRequests", "true"), new("caseMessages", "true")]);
        Assert.Equal(1, await server.CountAsync(db => db.ResponderAlerts));

        // A bad address is refused with a localized 400, and nothing is stored.
        var bad = await caseworker.PostFormAsync("/desk/account", "/desk/account?handler=alerts", [new("alertAddress", "not an address"), new("caseMessages", "true")]);
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("Type one e-mail address", bad.Html, StringComparison.Ordinal);
        Assert.Equal(1, await server.CountAsync(db => db.ResponderAlerts));

        using (var other = server.CreateClient())
        {
            await other.AskForHelpAsync();
            await other.SubmitRequestAsync("second request");
        }

        server.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));
        Assert.Single(await AlertsAsync(server));
    }

    [Fact]
    public async Task The_urgency_word_only_when_the_team_allows_it_and_an_urgent_request_came()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Alerts:AllowUrgencyWord=true", "--Haven:Alerts:IntervalMinutes=5");
        var job = await StartedJobAsync(server);
        using var admin = await Accounts.Accounts.AdminAsync(server);
        await admin.PostFormAsync("/desk/account", "/desk/account?handler=alerts", [new("alertAddress", "urgent@alerts.test"), new("newRequests", "true")]);
        using (var person = server.CreateClient())
        {
            await person.AskForHelpAsync();
            await person.SubmitRequestAsync("in weeks", urgency: "weeks");
        }

        Assert.Equal(1, await job.RunOnceAsync(CancellationToken.None));
        Assert.DoesNotContain("urgent", Assert.Single(await AlertsAsync(server)).Payload.Body, StringComparison.OrdinalIgnoreCase);

        using (var person = server.CreateClient())
        {
            await person.AskForHelpAsync();
            await person.SubmitRequestAsync("now", urgency: "now");
        }

        server.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(1, await job.RunOnceAsync(CancellationToken.None));
        var second = (await AlertsAsync(server)).OrderBy(a => a.Message.CreatedAt).Last();
        Assert.Contains("including an urgent request", second.Payload.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(second.Payload.Body, char.IsDigit);
    }

    /// <summary>The alert job, once its first look (the picture activity is compared with) is done.</summary>
    internal static async Task<AlertJob> StartedJobAsync(HavenServer server)
    {
        var job = server.Services.GetRequiredService<AlertJob>();
        await Eventually.UntilAsync("the alert job's first run", () => Task.FromResult(job.Runs >= 1));
        return job;
    }

    /// <summary>The queued alerts with their payloads opened.</summary>
    internal static async Task<List<(OutboxMessage Message, MailPayload Payload)>> AlertsAsync(HavenServer server)
    {
        var secrets = server.Services.GetRequiredService<ActSecrets>();
        await using var db = await Accounts.Accounts.Factory(server).CreateDbContextAsync();
        var rows = await db.Outbox.AsNoTracking().Where(m => m.Kind == MailKind.Alert).ToListAsync();
        return [.. rows.Select(m => (m, OutboxWriter.Open(secrets, m) ?? throw new InvalidOperationException("An alert whose payload does not open.")))];
    }

    private static async Task<string> SingleCaseAsync(HavenServer server)
    {
        await using var db = await Accounts.Accounts.Factory(server).CreateDbContextAsync();
        return await db.Cases.Select(c => c.Id).SingleAsync();
    }
}
