using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Haven.Figures.Releases;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Figures;

/// <summary>
/// The public figures pages over real HTTP (issue 17, point 4): only published and withdrawn releases, a withdrawn
/// one without its counts, the CSV and JSON downloads, <c>Haven:Figures:Enabled</c> and <c>Haven:Figures:Host</c>.
/// </summary>
public sealed partial class FiguresHttpTests
{
    private const string FiguresHost = "figures.example.org";

    [Fact]
    public async Task The_list_shows_published_and_withdrawn_figures_and_never_a_prepared_or_discarded_one()
    {
        await using var server = await HavenServer.StartAsync();
        await FigureReleaseSeed.SeedAllAsync(server);
        using var client = server.CreateClient();

        var list = await client.GetAsync("/figures");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains("Victims by act type", list.Html, StringComparison.Ordinal);
        Assert.Contains("Withdrawn figure four", list.Html, StringComparison.Ordinal);
        Assert.Contains("Acts by country and year", list.Html, StringComparison.Ordinal);
        Assert.Contains("Documented minimum: the true numbers are higher.", list.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Prepared", list.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Discarded", list.Html, StringComparison.Ordinal);

        foreach (var path in new[] { "/figures/2", "/figures/3", "/figures/1/v/3", "/figures/9", "/figures/2.csv", "/figures/2.json", "/figures/3.json", "/figures/1/v/3.csv", "/figures/1/v/3.json", "/figures/1.xml" })
        {
            var page = await client.GetAsync(path);
            Assert.True(page.Status == HttpStatusCode.NotFound, $"{path}: {page.Status}");
            Assert.DoesNotContain("Prepared", page.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_figure_shows_its_current_version_with_chart_table_method_date_versions_and_downloads()
    {
        await using var server = await HavenServer.StartAsync();
        await FigureReleaseSeed.SeedAllAsync(server);
        using var client = server.CreateClient();

        var page = await client.GetAsync("/figures/1");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("<h1>Victims by act type</h1>", page.Html, StringComparison.Ordinal);
        Assert.Contains("Figure 1, version 2", page.Html, StringComparison.Ordinal);
        Assert.Contains("role=\"img\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("<table class=\"figure-table\">", page.Html, StringComparison.Ordinal);
        Assert.Contains(">1–10</td>", page.Html, StringComparison.Ordinal);
        Assert.Contains(">suppressed</td>", page.Html, StringComparison.Ordinal);
        Assert.Contains("Documented minimum: the true numbers are higher.", page.Html, StringComparison.Ordinal);
        Assert.Contains("Each count is a number of victims", page.Html, StringComparison.Ordinal);
        Assert.Contains("2026-11-22", page.Html, StringComparison.Ordinal);
        Assert.Contains("Three events coded since.", page.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/figures/1/v/1\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/figures/1.csv\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/figures/1.json\"", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Prepared title", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"older-version\"", page.Html, StringComparison.Ordinal);

        var older = await client.GetAsync("/figures/1/v/1");
        Assert.Equal(HttpStatusCode.OK, older.Status);
        Assert.Contains("id=\"older-version\"", older.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/figures/1/v/1.csv\"", older.Html, StringComparison.Ordinal);
        Assert.Contains("2026-11-21", older.Html, StringComparison.Ordinal);

        var heat = await client.GetAsync("/figures/5");
        Assert.Contains("figure-chart heat", heat.Html, StringComparison.Ordinal);
        Assert.Contains("Only events corroborated by two or more distinct sources.", heat.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_withdrawn_figure_shows_its_reason_and_none_of_its_counts()
    {
        await using var server = await HavenServer.StartAsync();
        await FigureReleaseSeed.SeedAllAsync(server);
        using var client = server.CreateClient();

        var page = await client.GetAsync("/figures/4");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("id=\"withdrawn\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("Two events were coded twice.", page.Html, StringComparison.Ordinal);
        Assert.Contains("withdrawn on 2026-11-23", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<table", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret-count", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(">40<", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("/figures/4.csv", page.Html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/figures/4.csv")).Status);
        var json = await client.Http.GetAsync("/figures/4.json");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        var text = await json.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Secret-count", text, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(text);
        Assert.Equal("withdrawn", document.RootElement.GetProperty("status").GetString());
        Assert.Equal("Two events were coded twice.", document.RootElement.GetProperty("withdrawn_reason").GetString());
        Assert.False(document.RootElement.TryGetProperty("table", out _));
    }

    [Theory]
    [InlineData("en", "Torture", "Total")]
    [InlineData("ru", "Пытки", "Итого")]
    public async Task The_csv_has_a_header_one_line_per_count_and_bands_as_text_with_their_ends(string language, string torture, string total)
    {
        await using var server = await HavenServer.StartAsync();
        await FigureReleaseSeed.SeedAllAsync(server);
        using var client = server.CreateClient(language);

        var response = await client.Http.GetAsync("/figures/1.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("figure-1.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var lines = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("row_key,row,column_key,column,count,low,high", lines[0]);
        Assert.Equal($"torture,{torture},all,{(language == "en" ? "All" : "Все")},40,40,40", lines[1]);
        Assert.EndsWith(",1-10,1,10", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(",suppressed,,", lines[3], StringComparison.Ordinal);
        Assert.EndsWith(",0,0,0", lines[4], StringComparison.Ordinal);
        Assert.StartsWith($",{total},all,", lines[5], StringComparison.Ordinal);
        Assert.EndsWith(",52,52,52", lines[5], StringComparison.Ordinal);
        Assert.Equal(6, lines.Length);

        var heat = (await client.Http.GetStringAsync("/figures/5/v/1.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 4 + 2 + 2 + 1, heat.Length);
        Assert.Contains(heat, l => l.StartsWith("AA,", StringComparison.Ordinal) && l.EndsWith(",2018,2018,1-10,1,10", StringComparison.Ordinal));
        Assert.Equal($",{total},,{total},60,60,60", heat[^1]);
    }

    [Fact]
    public async Task The_json_is_the_published_table_with_title_method_dates_version_threshold_and_the_minimum_label()
    {
        await using var server = await HavenServer.StartAsync();
        await FigureReleaseSeed.SeedAllAsync(server);
        using var client = server.CreateClient();

        var response = await client.Http.GetAsync("/figures/1/v/1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.Equal(1, root.GetProperty("number").GetInt32());
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal(2, root.GetProperty("current_version").GetInt32());
        Assert.Equal("published", root.GetProperty("status").GetString());
        Assert.Equal(10, root.GetProperty("threshold").GetInt32());
        Assert.Equal("Victims by act type", root.GetProperty("title").GetProperty("en").GetString());
        Assert.Equal("Пострадавшие по видам деяний", root.GetProperty("title").GetProperty("ru").GetString());
        Assert.Equal("Documented minimum: the true numbers are higher.", root.GetProperty("documented_minimum").GetProperty("en").GetString());
        Assert.Equal("Документально подтверждённый минимум: настоящие числа выше.", root.GetProperty("documented_minimum").GetProperty("ru").GetString());
        Assert.Contains(root.GetProperty("method").GetProperty("en").EnumerateArray(), p => p.GetString()!.Contains("\"1–10\"", StringComparison.Ordinal));
        Assert.Contains(root.GetProperty("method").GetProperty("ru").EnumerateArray(), p => p.GetString()!.Contains("«1–10»", StringComparison.Ordinal));
        Assert.Equal("victims", root.GetProperty("definition").GetProperty("unit").GetString());
        Assert.StartsWith("2026-11-21", root.GetProperty("published_at").GetString(), StringComparison.Ordinal);
        var table = root.GetProperty("table");
        Assert.Equal("band", table.GetProperty("cells")[1][0].GetProperty("kind").GetString());
        Assert.Equal(10, table.GetProperty("cells")[1][0].GetProperty("high").GetInt32());
        Assert.Equal(40, table.GetProperty("cells")[0][0].GetProperty("value").GetInt32());
        Assert.Equal(2, root.GetProperty("versions").GetArrayLength());
    }

    [Fact]
    public async Task Disabled_figures_answer_404_on_every_figures_route_and_nothing_else_changes()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Figures:Enabled=false");
        await FigureReleaseSeed.SeedAllAsync(server);
        using var client = server.CreateClient();

        foreach (var path in new[] { "/figures", "/figures/1", "/figures/1/v/1", "/figures/1.csv", "/figures/1.json", "/figures/lang?c=ru&r=/figures" })
        {
            var page = await client.GetAsync(path);
            Assert.True(page.Status == HttpStatusCode.NotFound, $"{path}: {page.Status}");
            Assert.DoesNotContain("Victims by act type", page.Html, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).Status);
    }

    [Fact]
    public async Task With_a_host_name_the_figures_answer_only_there_and_that_host_answers_nothing_else()
    {
        await using var server = await HavenServer.StartAsync($"--Haven:Figures:Host={FiguresHost}");
        await FigureReleaseSeed.SeedAllAsync(server);
        using var client = server.CreateClient();

        // On the intake's address: no figures.
        Assert.Equal(HttpStatusCode.NotFound, (await GetOnHostAsync(client, null, "/figures")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetOnHostAsync(client, null, "/figures/1.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetOnHostAsync(client, null, "/")).StatusCode);

        // On the figures' host name: the figures and the stylesheet, nothing of the intake or the desk.
        var list = await GetOnHostAsync(client, FiguresHost, "/figures");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains("Victims by act type", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetOnHostAsync(client, FiguresHost, "/figures/1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetOnHostAsync(client, FiguresHost, "/figures/1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetOnHostAsync(client, FiguresHost, "/css/haven.css")).StatusCode);
        foreach (var path in new[] { "/", "/request", "/lang?c=ru&r=/", "/desk", "/desk/login", "/setup", "/health", "/error/404" })
        {
            var response = await GetOnHostAsync(client, FiguresHost, path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} on {FiguresHost}: {response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("quick-exit", html, StringComparison.Ordinal);
            Assert.DoesNotContain("/desk", html, StringComparison.Ordinal);
            Assert.Contains("href=\"/figures\"", html, StringComparison.Ordinal);
        }

        // The language switch of the figures works there and leads back to the figures only.
        var switched = await GetOnHostAsync(client, FiguresHost, "/figures/lang?c=ru&r=/figures/1");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/figures/1", switched.Headers.Location?.OriginalString);
        var away = await GetOnHostAsync(client, FiguresHost, "/figures/lang?c=ru&r=/desk");
        Assert.Equal("/figures", away.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_pages_load_nothing_from_elsewhere_and_escape_what_a_title_says()
    {
        await using var server = await HavenServer.StartAsync();
        await FigureReleaseSeed.InsertAsync(server, 1, 1, FigureReleaseStatus.Published, FigureSamples.HostileLabel, FigureSamples.HostileLabel, FigureSamples.Bars(FigureSamples.HostileLabel));
        using var client = server.CreateClient();

        foreach (var path in new[] { "/figures", "/figures/1" })
        {
            var page = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.DoesNotContain("<script", page.Html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(" style=", page.Html, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(ExternalReference().Matches(page.Html));
            Assert.Contains("&lt;script&gt;", page.Html, StringComparison.Ordinal);
        }
    }

    private static async Task<HttpResponseMessage> GetOnHostAsync(HavenClient client, string? host, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        return await client.Http.SendAsync(request);
    }

    [GeneratedRegex("(?:src|href|action|srcset)\\s*=\\s*\"(?:[a-z]+:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
