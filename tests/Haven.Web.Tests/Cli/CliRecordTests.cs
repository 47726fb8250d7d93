using System.Text.Json;
using Haven.Audit;
using Haven.Storage;
using Haven.Tests;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Haven.Web.Tests.Cli;

/// <summary>
/// <c>haven record gazetteer import</c> and <c>haven record lists export</c> on a real instance: an import is all or
/// nothing with every problem by line, audited as the instance; the export gives the lists and the gazetteer, and
/// the gazetteer CSV it writes imports back unchanged. The server shows the new gazetteer when it starts again.
/// </summary>
public sealed class CliRecordTests
{
    [Fact]
    public async Task The_gazetteer_is_imported_from_a_file_and_the_lists_exported_with_it()
    {
        await using var server = await HavenServer.StartAsync();
        await server.StopAsync();
        using var folder = new TempFolder();
        var csv = folder["regions.csv"];
        await File.WriteAllTextAsync(csv, "code,parent_code,label_en,label_ru,label_uk\nRU-CE,RU,Chechnya,Чечня,Чечня\nRU,,Russia,Россия,Росія\n");

        var imported = await CliRunner.RunAsync("record", "gazetteer", "import", csv, "--data", server.DataPath);
        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Equal("2 added, 0 changed, 0 unchanged.", imported.Stdout.Trim());

        // A file with one bad line changes nothing and says which line, in one line each, without a stack trace.
        await File.WriteAllTextAsync(folder["bad.csv"], "code,parent_code,label_en,label_ru\nKZ,,Kazakhstan,Казахстан\nRU-DA,RU-CE,Dagestan,Дагестан\n");
        var refused = await CliRunner.RunAsync("record", "gazetteer", "import", folder["bad.csv"], "--data", server.DataPath);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("bad.csv: line 3: the parent \"RU-CE\" is not a country", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("haven: 1 problem(s) in bad.csv; nothing was imported.", refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Stderr, StringComparison.Ordinal);

        var missing = await CliRunner.RunAsync("record", "gazetteer", "import", folder["none.csv"], "--data", server.DataPath);
        Assert.Equal(2, missing.ExitCode);

        await using (var db = StorageServiceCollectionExtensions.CreateContext(TestDatabases.Data(server.DataPath)))
        {
            Assert.Equal(["RU", "RU-CE"], await db.GazetteerRegions.AsNoTracking().OrderBy(r => r.Code).Select(r => r.Code).ToListAsync());
            var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action.StartsWith("record.")).OrderBy(e => e.Seq).ToListAsync();
            Assert.Equal(["record.region.added RU", "record.region.added RU-CE"], entries.Select(e => e.Action + " " + e.SubjectId));
            Assert.All(entries, e => Assert.Equal(AuditActors.System, e.ActorId));
        }

        var out1 = folder["out"];
        var json = await CliRunner.RunAsync("record", "lists", "export", "--format", "json", "--out", out1, "--data", server.DataPath);
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal(Path.Combine(out1, "vocabulary.json"), json.Stdout.Trim());
        using (var document = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(out1, "vocabulary.json"))))
        {
            Assert.Equal("Пытки или жестокое обращение", document.RootElement.GetProperty("lists").GetProperty("ActType")[1].GetProperty("labels").GetProperty("ru").GetString());
            Assert.Equal("Росія", document.RootElement.GetProperty("gazetteer")[0].GetProperty("labels").GetProperty("uk").GetString());
        }

        var csvExport = await CliRunner.RunAsync("record", "lists", "export", "--format", "csv", "--out", out1, "--data", server.DataPath);
        Assert.True(csvExport.ExitCode == 0, csvExport.ToString());
        Assert.Equal("code,parent_code,label_en,label_ru,label_uk,retired\nRU,,Russia,Россия,Росія,false\nRU-CE,RU,Chechnya,Чечня,Чечня,false\n", await File.ReadAllTextAsync(Path.Combine(out1, "gazetteer.csv")));
        Assert.StartsWith("list,key,retired,label_en,label_ru\nActType,arbitrary_detention,false,Arbitrary detention,Произвольное задержание\n", await File.ReadAllTextAsync(Path.Combine(out1, "terms.csv")), StringComparison.Ordinal);
        var again = await CliRunner.RunAsync("record", "gazetteer", "import", Path.Combine(out1, "gazetteer.csv"), "--data", server.DataPath);
        Assert.Equal("0 added, 0 changed, 2 unchanged.", again.Stdout.Trim());
        Assert.NotEqual(0, (await CliRunner.RunAsync("record", "lists", "export", "--format", "xml", "--out", out1, "--data", server.DataPath)).ExitCode);

        // The server reads the gazetteer the command wrote.
        await server.StartAgainAsync();
        using var admin = await Workflow.WorkflowDesk.LoginAdminAsync(server);
        Assert.Contains("<td lang=\"ru\"><bdi>Чечня</bdi></td>", (await admin.GetAsync("/desk/record/gazetteer")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_import_refuses_to_run_beside_the_server_and_on_a_folder_without_an_instance()
    {
        await using var server = await HavenServer.StartAsync();
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder["regions.csv"], "code,parent_code,label_en,label_ru\nRU,,Russia,Россия\n");
        var beside = await CliRunner.RunAsync("record", "gazetteer", "import", folder["regions.csv"], "--data", server.DataPath);
        Assert.NotEqual(0, beside.ExitCode);
        Assert.Contains("haven: ", beside.Stderr, StringComparison.Ordinal);

        var nowhere = await CliRunner.RunAsync("record", "gazetteer", "import", folder["regions.csv"], "--data", folder["empty"]);
        Assert.Equal(2, nowhere.ExitCode);
        Assert.Contains("holds no Haven instance", nowhere.Stderr, StringComparison.Ordinal);

        await using var db = StorageServiceCollectionExtensions.CreateContext(TestDatabases.Data(server.DataPath));
        Assert.Equal(0, await db.GazetteerRegions.CountAsync());
    }
}
