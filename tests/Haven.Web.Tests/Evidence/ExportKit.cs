using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Haven.Storage;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Interop;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Evidence;

/// <summary>A decrypted bundle: its tar entries in order, and its manifest parsed.</summary>
internal sealed record OpenedBundle(IReadOnlyList<(string Name, byte[] Bytes)> Entries, JsonElement Manifest)
{
    public byte[] this[string name] => Entries.Single(e => e.Name == name).Bytes;

    public IReadOnlyList<JsonElement> Files => [.. Manifest.GetProperty("files").EnumerateArray()];

    public IReadOnlyList<JsonElement> Events => [.. Manifest.GetProperty("events").EnumerateArray()];

    public static OpenedBundle Read(byte[] tar)
    {
        var entries = new List<(string, byte[])>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            using var bytes = new MemoryStream();
            entry.DataStream?.CopyTo(bytes);
            entries.Add((entry.Name, bytes.ToArray()));
        }

        var manifest = entries.Single(e => e.Item1 == "manifest.json").Item2;
        return new OpenedBundle(entries, JsonDocument.Parse(manifest).RootElement.Clone());
    }
}

/// <summary>Intent methods for the export pages, over real HTTP like a browser.</summary>
internal static class ExportKit
{
    /// <summary>A person sends a request with files on the intake's form; returns the new case and the files' ids in the order sent.</summary>
    public static async Task<(string CaseId, List<string> FileIds)> PersonSendsAsync(HavenServer server, params (string Name, byte[] Bytes)[] files)
    {
        var factory = server.Services.GetRequiredService<IDbContextFactory<HavenDbContext>>();
        List<string> before;
        await using (var db = await factory.CreateDbContextAsync())
        {
            before = await db.Cases.AsNoTracking().Select(c => c.Id).ToListAsync();
        }

        using var person = server.CreateClient();
        await person.AskForHelpAsync();
        var sent = await person.SubmitRequestWithFilesAsync("what they did to us", files.Select(f =>
        {
            var content = new ByteArrayContent(f.Bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return (f.Name, (HttpContent)content);
        }));
        Assert.True(sent.Status == HttpStatusCode.OK && sent.Location.AbsolutePath.EndsWith("/sent", StringComparison.Ordinal), $"Not sent: {sent.Status} {sent.Location}");
        await using var after = await factory.CreateDbContextAsync();
        var caseId = Assert.Single((await after.Cases.AsNoTracking().Select(c => c.Id).ToListAsync()).Except(before));
        return (caseId, await FileScenario.FileIdsAsync(server, caseId, "request"));
    }

    /// <summary>Sends the export form of <paramref name="pagePath"/> with its anti-forgery token and <paramref name="fields"/>; returns the raw response (a bundle or a page).</summary>
    public static async Task<HttpResponseMessage> ExportAsync(HavenClient client, string pagePath, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await client.GetAsync(pagePath);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var all = new List<KeyValuePair<string, string>>(fields) { new("__af", HavenClient.Hidden(page.Html, "__af")!) };
        return await client.Http.PostAsync(pagePath, new FormUrlEncodedContent(all));
    }

    /// <summary>
    /// <c>gpg --decrypt</c> of a downloaded bundle with the recipient's secret key, or with <paramref name="passphrase"/>,
    /// in a folder of its own (deleted after): the bundle read from the plaintext, after checking that gpg neither
    /// failed nor warned about integrity.
    /// </summary>
    public static OpenedBundle Open(BundleGpg gpg, byte[] bundle, string? passphrase = null)
    {
        var folder = Directory.CreateTempSubdirectory("haven-export-");
        try
        {
            var file = Path.Combine(folder.FullName, "bundle.gpg");
            File.WriteAllBytes(file, bundle);
            string? passphraseFile = null;
            if (passphrase is not null)
            {
                passphraseFile = Path.Combine(folder.FullName, "passphrase");
                File.WriteAllText(passphraseFile, passphrase);
            }

            var tar = Path.Combine(folder.FullName, "bundle.tar");
            var result = gpg.Decrypt(file, tar, passphraseFile);
            Assert.True(result.Clean, $"gpg: {result.ExitCode} {result.Stderr}");
            return OpenedBundle.Read(File.ReadAllBytes(tar));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Whether gpg opens <paramref name="bundle"/> with <paramref name="passphrase"/>.</summary>
    public static bool Opens(BundleGpg gpg, byte[] bundle, string passphrase)
    {
        var folder = Directory.CreateTempSubdirectory("haven-export-");
        try
        {
            File.WriteAllBytes(Path.Combine(folder.FullName, "bundle.gpg"), bundle);
            File.WriteAllText(Path.Combine(folder.FullName, "passphrase"), passphrase);
            return gpg.Decrypt(Path.Combine(folder.FullName, "bundle.gpg"), Path.Combine(folder.FullName, "bundle.tar"), Path.Combine(folder.FullName, "passphrase")).ExitCode == 0;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public static IEnumerable<KeyValuePair<string, string>> Picked(params IEnumerable<string> ids) => ids.Select(id => new KeyValuePair<string, string>("Input.Files", id));

    /// <summary>The download's name and bytes, after checking it is one.</summary>
    public static async Task<(string FileName, byte[] Bytes)> DownloadAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (response.Content.Headers.ContentDisposition!.FileName!.Trim('"'), await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>The decoded <c>href</c> of the link with <paramref name="id"/>; null when the page has none.</summary>
    public static string? LinkOf(string html, string id)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, $"<a [^>]*id=\"{id}\"[^>]*>");
        var href = match.Success ? System.Text.RegularExpressions.Regex.Match(match.Value, "href=\"([^\"]*)\"") : null;
        return href is { Success: true } ? WebUtility.HtmlDecode(href.Groups[1].Value) : null;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
}
