using System.Net;
using Haven.Accounts;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Audit;

/// <summary>
/// A real instance after a day's work at the desk: a person's request, logins and logouts, a reply, an
/// invitation and an enrolment, a grant, a passphrase change and a disabled account. Every kind of actor
/// (responders and the system) signs some entry.
/// </summary>
internal static class AuditScenario
{
    public static async Task<HavenServer> RunAsync()
    {
        var server = await HavenServer.StartAsync();
        using (var person = server.CreateClient())
        {
            await person.AskForHelpAsync();
            await person.SubmitRequestAsync("please help, they know where I live");
        }

        using var admin = await Accounts.Accounts.AdminAsync(server);
        var caseId = Assert.Single(await admin.InboxCaseIdsAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.ReplyAsync(caseId, "we read you; stay safe")).Status);
        var token = await Accounts.Accounts.InviteAsync(admin, "Coordinator");
        var coordinator = await Accounts.Accounts.EnrolAsync(server, token, "Nadia R");
        await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=grantall", [new("id", coordinator.Id)]);

        using (var client = server.CreateClient())
        {
            await coordinator.LoginAsync(server, client);
            const string next = "a different long passphrase";
            var changed = await client.PostFormAsync("/desk/account", "/desk/account", [new("current", coordinator.Passphrase), new("passphrase", next), new("confirm", next)]);
            Assert.Equal(HttpStatusCode.OK, changed.Status);
            await client.PostFormAsync("/desk", "/desk/logout", []);
        }

        var worker = await Accounts.Accounts.AddResponderAsync(server, "Worker", ResponderRole.Caseworker);
        using (var client = server.CreateClient())
        {
            await worker.LoginAsync(server, client);
        }

        await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=disable", [new("id", worker.Id)]);
        await admin.PostFormAsync("/desk", "/desk/logout", []);
        var entries = await Accounts.Accounts.AuditAsync(server);
        Assert.True(entries.Count >= 10, $"only {entries.Count} audit entries");
        Assert.Contains(entries, e => e.ActorId == "system");
        return server;
    }

    /// <summary>Runs SQL against the database of a stopped server (or a live one: both providers allow it).</summary>
    public static async Task ExecuteAsync(string dataPath, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await RawDatabase.OpenAsync(dataPath);
        await using var command = RawDatabase.Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Reads one BLOB column of one audit entry.</summary>
    public static async Task<byte[]> ReadBlobAsync(string dataPath, string column, long seq)
    {
        await using var connection = await RawDatabase.OpenAsync(dataPath, readOnly: true);
        await using var command = RawDatabase.Command(connection, $"SELECT {column} FROM audit_entries WHERE seq = @seq", ("@seq", seq));
        return (byte[])(await command.ExecuteScalarAsync())!;
    }

    public static async Task<long> CountAsync(string dataPath)
    {
        await using var connection = await RawDatabase.OpenAsync(dataPath, readOnly: true);
        await using var command = RawDatabase.Command(connection, "SELECT COUNT(*) FROM audit_entries");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
