using Haven.Accounts;
using Haven.Cases;
using Haven.Crypto;
using Haven.Record.Vocabulary;
using Haven.Storage;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Intake;

/// <summary>The testimony form as a browser sends it, and what the server stored of it, read back with the recovery secret.</summary>
internal static class TestimonyKit
{
    /// <summary>A whole, valid set of answers (no place: a fresh instance has no gazetteer).</summary>
    public static List<KeyValuePair<string, string>> Answers(string text) =>
    [
        new("Input.Acts", "arbitrary_detention"),
        new("Input.Acts", "torture"),
        new("Input.Year", "2017"),
        new("Input.Month", "3"),
        new("Input.Day", ""),
        new("Input.ToWhom", "me"),
        new("Input.ToWhom", "others"),
        new("Input.People", "3"),
        new("Input.Perpetrators", "police"),
        new("Input.Text", text),
    ];

    /// <summary>"I want to tell what happened" on the landing page: returns the secret code shown (digits only), and checks it leads on to the testimony form.</summary>
    public static async Task<string> StartAsync(HavenClient person)
    {
        var page = await person.PostFormAsync("/", "/start", [new("next", "testimony")]);
        Assert.Equal("/receipt", page.Location.AbsolutePath);
        Assert.Contains("href=\"/testimony\"", page.Html, StringComparison.Ordinal);
        var digits = System.Text.RegularExpressions.Regex.Match(page.Html, "id=\"receipt\">([0-9 ]+)<").Groups[1].Value;
        return new string(digits.Where(char.IsAsciiDigit).ToArray());
    }

    /// <summary>Sends the testimony form of the person's session with <paramref name="fields"/> (the form's own hidden fields first, as a browser does).</summary>
    public static async Task<HavenClient.Page> SendAsync(HavenClient person, IEnumerable<KeyValuePair<string, string>> fields, string? recordId = null)
    {
        var form = await person.GetAsync("/testimony");
        Assert.Equal("/testimony", form.Location.AbsolutePath);
        return await person.PostMultipartAsync("/testimony", Fields(form.Html, fields, recordId), []);
    }

    /// <summary>The form's own hidden fields (token first, as the form puts it), then <paramref name="fields"/>.</summary>
    public static List<KeyValuePair<string, string>> Fields(string formHtml, IEnumerable<KeyValuePair<string, string>> fields, string? recordId = null) =>
    [
        new("__af", HavenClient.Hidden(formHtml, "__af")!),
        new("Input.RecordId", recordId ?? HavenClient.Hidden(formHtml, "Input.RecordId")!),
        new("Input.Ticket", HavenClient.Hidden(formHtml, "Input.Ticket")!),
        .. fields,
    ];

    /// <summary>Adds countries and regions to the instance's gazetteer as an administrator would: (code, parent code or null, English label, Russian label).</summary>
    public static async Task AddRegionsAsync(HavenServer server, params (string Code, string? Parent, string English, string Russian)[] regions)
    {
        var set = server.Services.GetRequiredService<SetRegionCommand>();
        foreach (var (code, parent, english, russian) in regions)
        {
            var outcome = await set.ExecuteAsync(code, parent, new Dictionary<string, string?> { ["en"] = english, ["ru"] = russian }, Administrator(), CancellationToken.None);
            Assert.True(outcome is VocabularyOutcome.None or VocabularyOutcome.Unchanged, outcome.ToString());
        }
    }

    /// <summary>Retires a term (it is no longer offered for new entries), as an administrator would.</summary>
    public static async Task RetireTermAsync(HavenServer server, TermList list, string key)
    {
        var outcome = await server.Services.GetRequiredService<RetireTermCommand>().ExecuteAsync(list, key, true, Administrator(), CancellationToken.None);
        Assert.Equal(VocabularyOutcome.None, outcome);
    }

    private static UnlockedResponder Administrator() => new(RandomId.New(), "admin", ResponderRole.Admin, X25519KeyPair.Generate(), Ed25519KeyPair.Generate());

    /// <summary>Every record of every case, decrypted with the recovery secret: kind and plaintext JSON, by case then seq.</summary>
    public static async Task<List<(string CaseId, string Kind, string Json)>> RecordsAsync(HavenServer server)
    {
        var factory = server.Services.GetRequiredService<IDbContextFactory<HavenDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        using var recovery = X25519KeyPair.FromSecretKey(server.RecoverySecretKey);
        var result = new List<(string, string, string)>();
        foreach (var caseId in await db.Cases.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync())
        {
            var keys = await CaseRecords.OpenCaseKeysAsync(db, caseId, null, recovery, CancellationToken.None);
            try
            {
                foreach (var record in await db.Records.AsNoTracking().Where(r => r.CaseId == caseId).OrderBy(r => r.Seq).ToListAsync())
                {
                    Assert.True(RecordEnvelope.TryOpen(record.Ciphertext, record.KeyForCase, keys[record.KeyGeneration], record.Kind, record.Id, out var plaintext));
                    result.Add((caseId, record.Kind, System.Text.Encoding.UTF8.GetString(plaintext)));
                }
            }
            finally
            {
                foreach (var key in keys.Values)
                {
                    key.Dispose();
                }
            }
        }

        return result;
    }
}
