using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Haven.Accounts;
using Haven.Audit;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Workflow.WorkflowDesk;

namespace Haven.Web.Tests.Record;

/// <summary>
/// Record's controlled lists and gazetteer on the desk (issue 15): administrators add, rename, retire, restore and
/// move terms, maintain countries and regions and import them from a CSV upload, in English and Russian, each change
/// audited by key or code; nobody else reaches the pages, and a hostile or oversized file is refused with a 4xx and
/// changes nothing.
/// </summary>
public sealed class VocabularyDeskHttpTests
{
    private const string Header = "code,parent_code,label_en,label_ru\n";

    [Fact]
    public async Task An_administrator_edits_a_list_in_both_languages_and_every_change_is_audited_by_key()
    {
        await using var server = await HavenServer.StartAsync();
        using var admin = await LoginAdminAsync(server);
        Assert.Contains("id=\"nav-record-lists\"", (await admin.GetAsync("/desk")).Html, StringComparison.Ordinal);
        var page = await admin.GetAsync("/desk/record/lists");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("<h2 id=\"list-act-type-title\">Types of act</h2>", page.Html, StringComparison.Ordinal);
        Assert.Contains("<td lang=\"en\"><bdi>Enforced disappearance</bdi></td>", page.Html, StringComparison.Ordinal);
        Assert.Contains("<td lang=\"ru\"><bdi>Насильственное исчезновение</bdi></td>", page.Html, StringComparison.Ordinal);

        var added = await admin.PostWithTokenAsync("/desk/record/lists", "/desk/record/lists?handler=add", [new("List", "ActType"), new("Labels[en]", "Blackmail <b>online</b>"), new("Labels[ru]", "Шантаж в сети")]);
        Assert.Equal(HttpStatusCode.OK, added.Status);
        Assert.Contains("The term was added at the end of its list.", added.Html, StringComparison.Ordinal);
        Assert.Contains("<bdi>Blackmail &lt;b&gt;online&lt;/b&gt;</bdi>", added.Html, StringComparison.Ordinal);
        string key;
        await using (var db = await Db(server))
        {
            key = await db.VocabularyTerms.AsNoTracking().Where(t => t.Key.StartsWith("t-")).Select(t => t.Key).SingleAsync();
        }

        var renamed = await admin.PostWithTokenAsync("/desk/record/lists", "/desk/record/lists?handler=rename", [new("List", "ActType"), new("Key", key), new("Labels[en]", "Blackmail"), new("Labels[ru]", "Шантаж")]);
        Assert.Contains("<td lang=\"ru\"><bdi>Шантаж</bdi></td>", renamed.Html, StringComparison.Ordinal);
        var retired = await admin.PostWithTokenAsync("/desk/record/lists", "/desk/record/lists?handler=retire", [new("List", "ActType"), new("Key", "torture"), new("Retired", "true")]);
        Assert.Contains("id=\"list-act-type-torture-restore\"", retired.Html, StringComparison.Ordinal);
        var moved = await admin.PostWithTokenAsync("/desk/record/lists", "/desk/record/lists?handler=move", [new("List", "AgeBand"), new("Key", "unknown"), new("Direction", "up")]);
        Assert.True(moved.Html.IndexOf("list-age-band-unknown\"", StringComparison.Ordinal) < moved.Html.IndexOf("list-age-band-over_50\"", StringComparison.Ordinal));

        // Refused: no English label, a label too long (given back as typed), an unknown list.
        var noEnglish = await admin.PostWithTokenAsync("/desk/record/lists", "/desk/record/lists?handler=add", [new("List", "PerpetratorType"), new("Labels[en]", " "), new("Labels[ru]", "Наёмники")]);
        Assert.Equal(HttpStatusCode.BadRequest, noEnglish.Status);
        Assert.Contains("The English label is required.", noEnglish.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"Наёмники\"", noEnglish.Html, StringComparison.Ordinal);
        var tooLong = await admin.PostWithTokenAsync("/desk/record/lists", "/desk/record/lists?handler=rename", [new("List", "ActType"), new("Key", "killing"), new("Labels[en]", new string('k', 201))]);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Contains("A label may have at most 200 characters", tooLong.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostWithTokenAsync("/desk/record/lists", "/desk/record/lists?handler=retire", [new("List", "Nonsense"), new("Key", "x"), new("Retired", "true")])).Status);

        admin.Http.DefaultRequestHeaders.AcceptLanguage.Clear();
        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru");
        var справочники = await admin.GetAsync("/desk/record/lists");
        Assert.Contains("<h1>Справочники</h1>", справочники.Html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"list-act-type-title\">Виды действий</h2>", справочники.Html, StringComparison.Ordinal);
        Assert.Contains("Выведен из употребления", справочники.Html, StringComparison.Ordinal);
        var отказ = await admin.PostWithTokenAsync("/desk/record/lists", "/desk/record/lists?handler=add", [new("List", "PerpetratorType"), new("Labels[ru]", "Наёмники")]);
        Assert.Contains("Нужно указать название на английском.", отказ.Html, StringComparison.Ordinal);

        await using (var db = await Db(server))
        {
            var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action.StartsWith("record.")).OrderBy(e => e.Seq).Select(e => e.Action + " " + e.SubjectId).ToListAsync();
            Assert.Equal([$"record.term.added {key}", $"record.term.renamed {key}", "record.term.retired torture", "record.term.moved unknown"], entries);
        }

        var report = await AuditVerifier.VerifyChainAsync(server.Data, null, CancellationToken.None);
        Assert.True(report.Intact, string.Join("; ", report.Problems.Select(p => p.Problem)));

        var json = await admin.Http.GetAsync("/desk/record/lists?handler=export&file=vocabulary.json");
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        var exported = await json.Content.ReadAsStringAsync();
        Assert.Contains("\"Шантаж\"", exported, StringComparison.Ordinal);
        Assert.Matches("\"key\": \"torture\",\\s+\"retired\": true", exported);
    }

    [Fact]
    public async Task An_administrator_maintains_the_gazetteer_by_form_and_by_csv_upload()
    {
        await using var server = await HavenServer.StartAsync();
        using var admin = await LoginAdminAsync(server);
        var empty = await admin.GetAsync("/desk/record/gazetteer");
        Assert.Contains("id=\"empty\"", empty.Html, StringComparison.Ordinal);

        var saved = await admin.PostWithTokenAsync("/desk/record/gazetteer", "/desk/record/gazetteer?handler=save", [new("Code", "RU"), new("Parent", ""), new("Labels[en]", "Russia"), new("Labels[ru]", "Россия")]);
        Assert.Contains("id=\"region-RU\"", saved.Html, StringComparison.Ordinal);
        var tooDeep = await admin.PostWithTokenAsync("/desk/record/gazetteer", "/desk/record/gazetteer?handler=save", [new("Code", "RU-CE-1"), new("Parent", "RU-CE"), new("Labels[en]", "Grozny")]);
        Assert.Equal(HttpStatusCode.BadRequest, tooDeep.Status);
        Assert.Contains("the gazetteer has two levels", tooDeep.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"Grozny\"", tooDeep.Html, StringComparison.Ordinal);

        var imported = await ImportAsync(admin, Encoding.UTF8.GetBytes(Header + "RU-CE,RU,Chechnya,Чечня\nRU,,Russian Federation,Российская Федерация\nKZ,,Kazakhstan,Казахстан\n"));
        Assert.Equal(HttpStatusCode.OK, imported.Status);
        Assert.Equal("/desk/record/gazetteer", imported.Location.AbsolutePath);
        Assert.Contains("Imported: 2 added, 1 changed, 0 unchanged.", imported.Html, StringComparison.Ordinal);
        Assert.Contains("<td lang=\"ru\"><bdi>Чечня</bdi></td>", imported.Html, StringComparison.Ordinal);

        var edit = await admin.GetAsync("/desk/record/gazetteer?edit=RU-CE");
        Assert.Contains("value=\"Chechnya\"", edit.Html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"RU\" selected=\"selected\">", edit.Html, StringComparison.Ordinal);
        var retired = await admin.PostWithTokenAsync("/desk/record/gazetteer", "/desk/record/gazetteer?handler=retire", [new("Code", "KZ"), new("Retired", "true")]);
        Assert.Contains("id=\"region-KZ-restore\"", retired.Html, StringComparison.Ordinal);

        await using var db = await Db(server);
        Assert.Equal(["KZ", "RU", "RU-CE"], await db.GazetteerRegions.AsNoTracking().OrderBy(r => r.Code).Select(r => r.Code).ToListAsync());
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action.StartsWith("record.")).OrderBy(e => e.Seq).Select(e => e.Action + " " + e.SubjectId).ToListAsync();
        Assert.Equal(["record.region.added RU", "record.region.changed RU", "record.region.added KZ", "record.region.added RU-CE", "record.region.retired KZ"], entries);
    }

    [Fact]
    public async Task A_hostile_or_oversized_csv_is_refused_with_a_4xx_in_the_administrators_language_and_changes_nothing()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Record:GazetteerImportMaxBytes=4096");
        using var admin = await LoginAdminAsync(server);
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(admin, Encoding.UTF8.GetBytes(Header + "RU,,Russia,Россия\n"))).Status);

        var hostile = Header + "KZ,,Kazakhstan,Казахстан\n<script>alert(1)</script>,,x,y\nFR,,,Франция\n\"broken,,x,y\n";
        var refused = await ImportAsync(admin, Encoding.UTF8.GetBytes(hostile));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("Nothing was imported.", refused.Html, StringComparison.Ordinal);
        Assert.Contains("Line 3: the code “&lt;script&gt;alert(1)&lt;/script&gt;” is not 1 to 64 Latin letters", refused.Html, StringComparison.Ordinal);
        Assert.Contains("Line 4: label_en is empty.", refused.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", refused.Html, StringComparison.Ordinal);

        var tooLarge = await ImportAsync(admin, Encoding.UTF8.GetBytes(Header + string.Concat(Enumerable.Range(0, 300).Select(i => $"C{i},,Country {i},Страна {i}\n"))));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.Status);
        Assert.Contains("The file is too large: at most 4 KB. Nothing was imported.", tooLarge.Html, StringComparison.Ordinal);

        var latin1 = await ImportAsync(admin, Encoding.Latin1.GetBytes(Header + "AT,,Österreich,Австрия\n"));
        Assert.Equal(HttpStatusCode.BadRequest, latin1.Status);
        Assert.Contains("The file is not UTF-8 text.", latin1.Html, StringComparison.Ordinal);

        // Without the session's token the file is not even read; without a file there is nothing to import.
        Assert.Equal(HttpStatusCode.BadRequest, (await ImportAsync(admin, Encoding.UTF8.GetBytes(Header + "DE,,Germany,Германия\n"), token: false)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await ImportAsync(admin, null)).Status);

        admin.Http.DefaultRequestHeaders.AcceptLanguage.Clear();
        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru");
        var отказ = await ImportAsync(admin, Encoding.UTF8.GetBytes(hostile));
        Assert.Equal(HttpStatusCode.BadRequest, отказ.Status);
        Assert.Contains("Ничего не импортировано.", отказ.Html, StringComparison.Ordinal);
        Assert.Contains("Строка 4: столбец label_en пуст.", отказ.Html, StringComparison.Ordinal);
        Assert.Contains("Строка 5: нарушены кавычки", отказ.Html, StringComparison.Ordinal);

        await using var db = await Db(server);
        Assert.Equal(["RU"], await db.GazetteerRegions.AsNoTracking().Select(r => r.Code).ToListAsync());
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action.StartsWith("record.")));
    }

    [Fact]
    public async Task Only_administrators_reach_the_lists_and_the_gazetteer()
    {
        await using var server = await HavenServer.StartAsync();
        using (var anonymous = server.CreateClient())
        {
            Assert.Equal("/desk/login", (await anonymous.GetAsync("/desk/record/lists")).Location.AbsolutePath);
            Assert.Equal("/desk/login", (await anonymous.GetAsync("/desk/record/gazetteer")).Location.AbsolutePath);
        }

        foreach (var role in new[] { ResponderRole.Coordinator, ResponderRole.Caseworker, ResponderRole.Analyst })
        {
            var responder = await AddResponderAsync(server, "Someone " + role, role);
            using var client = await LoginAsync(server, responder);
            var desk = await client.GetAsync("/desk");
            Assert.DoesNotContain("id=\"nav-record-lists\"", desk.Html, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/desk/record/lists")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/desk/record/gazetteer")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/desk/record/gazetteer/import")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/desk/record/lists?handler=export&file=vocabulary.json")).StatusCode);
            var token = HavenClient.Hidden(desk.Html, "__af")!;
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/desk/record/lists?handler=add", [new("List", "ActType"), new("Labels[en]", "Sent by a non-admin"), new("__af", token)])).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/desk/record/lists?handler=retire", [new("List", "ActType"), new("Key", "torture"), new("Retired", "true"), new("__af", token)])).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/desk/record/gazetteer?handler=save", [new("Code", "XX"), new("Labels[en]", "Nowhere"), new("__af", token)])).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await ImportAsync(client, Encoding.UTF8.GetBytes(Header + "XX,,Nowhere,Нигде\n"), tokenFrom: "/desk")).Status);
        }

        await using var db = await Db(server);
        Assert.Equal(0, await db.GazetteerRegions.CountAsync());
        Assert.Equal(0, await db.VocabularyTerms.CountAsync(t => t.Key.StartsWith("t-") || t.Retired));
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action.StartsWith("record.")));
    }

    /// <summary>Posts the import form as a browser does: the token first, then the file; follows a redirect.</summary>
    private static async Task<HavenClient.Page> ImportAsync(HavenClient client, byte[]? csv, bool token = true, string tokenFrom = "/desk/record/gazetteer")
    {
        var form = await client.GetAsync(tokenFrom);
        using var content = new MultipartFormDataContent();
        if (token)
        {
            content.Add(new StringContent(HavenClient.Hidden(form.Html, "__af")!), "__af");
        }

        if (csv is not null)
        {
            var file = new ByteArrayContent(csv);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            content.Add(file, "Csv", "regions.csv");
        }

        var response = await client.Http.PostAsync("/desk/record/gazetteer/import", content);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            return await client.GetAsync(response.Headers.Location!.OriginalString);
        }

        return new HavenClient.Page(response.StatusCode, await response.Content.ReadAsStringAsync(), new Uri(client.Http.BaseAddress!, "/desk/record/gazetteer/import"), response);
    }
}
