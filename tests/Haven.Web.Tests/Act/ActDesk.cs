using System.Net;
using System.Text.RegularExpressions;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Act;

/// <summary>Intent helpers for the desk's Act pages over real HTTP: forms sent as a browser sends them.</summary>
internal static partial class ActDesk
{
    /// <summary>The texts of one language as the edit form names them.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Texts(string language, string title, string letter = "{salutation},\n\nplease release the people held.\n\n{name}, {town}") =>
    [
        new("Title-" + language, title),
        new("Summary-" + language, "Summary " + title),
        new("Background-" + language, "Background " + title),
        new("RecommendedActions-" + language, "Write to the prosecutor\nAsk for their release"),
        new("LetterSubject-" + language, "Subject " + title),
        new("LetterBody-" + language, letter),
    ];

    /// <summary>Creates a draft in <paramref name="languages"/> and returns its id.</summary>
    public static async Task<string> CreateAsync(HavenClient client, string languages = "en, ru")
    {
        var page = await client.PostFormAsync("/desk/act/new", "/desk/act/new", [new("Languages", languages)]);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var match = EditPath().Match(page.Location.AbsolutePath);
        Assert.True(match.Success, page.Location.ToString());
        return match.Groups[1].Value;
    }

    /// <summary>Sends the edit form with the revision the page shows.</summary>
    public static async Task<HavenClient.Page> EditAsync(HavenClient client, string id, IEnumerable<KeyValuePair<string, string>> fields, string languages = "en, ru", bool consent = true)
    {
        var form = await client.GetAsync($"/desk/act/{id}/edit");
        List<KeyValuePair<string, string>> all = [new("Revision", HavenClient.Hidden(form.Html, "Revision")!), new("Languages", languages), .. fields];
        if (consent)
        {
            all.Add(new("PersonConsented", "true"));
        }

        return await client.PostFormAsync($"/desk/act/{id}/edit", $"/desk/act/{id}/edit", all);
    }

    /// <summary>Adds a target (or copy) with a salutation per language and, optionally, an e-mail address.</summary>
    public static Task<HavenClient.Page> AddTargetAsync(HavenClient client, string id, string name, string? email, string kind = "Target", string language = "ru") =>
        client.PostFormAsync($"/desk/act/{id}/targets", $"/desk/act/{id}/targets?handler=save", [
            new("Kind", kind), new("Name", name), new("Title", "Prosecutor General"), new("Organisation", "Prosecutor's Office"),
            new("PostalAddress", "1 Main Street\nGrozny"), new("Language", language), new("Salutation-en", "Dear Prosecutor General"),
            new("Salutation-ru", "Уважаемый господин Генеральный прокурор"), new("Channel", "Post"), new("Email", email ?? "")]);

    public static async Task<HavenClient.Page> PublishAsync(HavenClient client, string id, bool confirm = true)
    {
        var form = await client.GetAsync($"/desk/act/{id}/publish");
        List<KeyValuePair<string, string>> fields = [new("Revision", HavenClient.Hidden(form.Html, "Revision")!)];
        if (confirm)
        {
            fields.Add(new("Confirm", "true"));
        }

        return await client.PostFormAsync($"/desk/act/{id}/publish", $"/desk/act/{id}/publish", fields);
    }

    [GeneratedRegex("^/desk/act/([0-9a-f]{32})/edit$")]
    private static partial Regex EditPath();
}
