using System.Net;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Hosting;

/// <summary>
/// The public sides (Figures at <c>/figures</c>, Act at <c>/act</c>) on host names of their own, as an organisation
/// sets them up: both on one public web address, or each on its own. Real HTTP with the Host header set.
/// </summary>
public sealed class PublicSidesHttpTests
{
    private const string Public = "public.example.org";

    [Fact]
    public async Task Figures_and_act_on_one_public_host_name_both_answer_there_and_nothing_else_does()
    {
        await using var server = await HavenServer.StartAsync($"--Haven:Figures:Host={Public}", $"--Haven:Act:Host={Public}");
        using var client = server.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await GetOnHostAsync(client, Public, "/figures")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetOnHostAsync(client, Public, "/act")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetOnHostAsync(client, Public, "/css/haven.css")).StatusCode);
        foreach (var path in new[] { "/", "/request", "/desk", "/desk/login", "/setup" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await GetOnHostAsync(client, Public, path)).StatusCode);
        }

        // The intake's address serves neither.
        Assert.Equal(HttpStatusCode.NotFound, (await GetOnHostAsync(client, null, "/figures")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetOnHostAsync(client, null, "/act")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetOnHostAsync(client, null, "/")).StatusCode);
    }

    [Fact]
    public async Task Each_side_on_its_own_host_name_does_not_answer_on_the_others()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Figures:Host=figures.example.org", "--Haven:Act:Host=act.example.org");
        using var client = server.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await GetOnHostAsync(client, "figures.example.org", "/figures")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetOnHostAsync(client, "act.example.org", "/act")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetOnHostAsync(client, "figures.example.org", "/act")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetOnHostAsync(client, "act.example.org", "/figures")).StatusCode);
        var refused = await GetOnHostAsync(client, "act.example.org", "/figures");
        Assert.Contains("href=\"/act\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
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
}
