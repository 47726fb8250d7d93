using System.Security.Cryptography;
using System.Text.Json;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Record.Keys;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Record.DocumentationAccess;

namespace Haven.Web.Tests.Interop;

/// <summary>
/// protocol.md, "Documentation key": the PyNaCl script opens every generation of the documentation key with the
/// recovery secret alone, after grants, a revocation and a deactivation have rotated it.
/// </summary>
public sealed class PyNaClDocumentationKeyTests
{
    [SqliteFact]
    public async Task The_PyNaCl_script_opens_every_documentation_key_generation_with_the_recovery_secret()
    {
        await PyNaClScript.EnsureAvailableAsync();
        await using var server = await HavenServer.StartAsync();
        var analyst = await Accounts.Accounts.AddResponderAsync(server, "Analyst", ResponderRole.Analyst);
        var coordinator = await Accounts.Accounts.AddResponderAsync(server, "Coordinator", ResponderRole.Coordinator);
        using (var admin = await Accounts.Accounts.AdminAsync(server))
        {
            var keys = Session(server, HavenServer.AdminName);
            Assert.Equal(DocumentationAccessOutcome.Done, await Keys(server).GrantAsync(analyst.Id, keys, CancellationToken.None));
            Assert.Equal(DocumentationAccessOutcome.Done, await Keys(server).GrantAsync(coordinator.Id, keys, CancellationToken.None));
            Assert.Equal(DocumentationAccessOutcome.Done, await Keys(server).RevokeAsync(analyst.Id, keys, CancellationToken.None));
            await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=disable", [new("id", coordinator.Id)]);
        }

        List<(int Generation, string PublicKey)> stored;
        await using (var db = Db(server))
        {
            stored = [.. (await db.DocumentationKeys.OrderBy(k => k.Generation).ToListAsync()).Select(k => (k.Generation, Convert.ToHexStringLower(k.PublicKey)))];
        }

        Assert.Equal([1, 2, 3], stored.Select(s => s.Generation));
        await server.StopAsync();
        using var temp = new TempFolder("haven-interop-test-");
        var keyFile = temp.WriteSecretFile("recovery.txt", RecoverySecret.Format(server.RecoverySecretKey));

        var result = await PyNaClScript.DecryptAsync(server.DataPath, keyFile);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var opened = json.RootElement.GetProperty("documentation_keys").EnumerateArray().Select(k => (k.GetProperty("generation").GetInt32(), k.GetProperty("public_key").GetString()!)).ToList();
        Assert.Equal(stored, opened);

        // A wrong secret on the database alone: no generation opens, and the script says which.
        var wrongKey = temp.WriteSecretFile("wrong.txt", RecoverySecret.Format(RandomNumberGenerator.GetBytes(32)));
        var backup = temp["backup"];
        Directory.CreateDirectory(backup);
        foreach (var name in new[] { "haven.db", "haven.db-wal" }.Where(n => File.Exists(Path.Combine(server.DataPath, n))))
        {
            File.Copy(Path.Combine(server.DataPath, name), Path.Combine(backup, name));
        }
        var wrong = await PyNaClScript.DecryptAsync(backup, wrongKey);
        Assert.True(wrong.ExitCode != 0, wrong.ToString());
        Assert.Contains("the recovery seal of documentation key generation 3 does not open", wrong.Stderr, StringComparison.Ordinal);
        Assert.Equal("", wrong.Stdout);
    }
}
