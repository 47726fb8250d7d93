using System.Collections.Concurrent;
using System.Text;
using Haven.Tests;
using Haven.Web.Files;
using Haven.Web.Hosting;
using Haven.Web.Tests.Hostile;
using Haven.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Haven.Web.Tests.Files.FileTestKit;

namespace Haven.Web.Tests.Conventions;

/// <summary>
/// The framework's own form reader buffers a multipart file part of more than 64 KiB to an
/// <c>ASPNETCORE_*.tmp</c> file in the temporary folder, in plaintext, and throws on a
/// <c>filename*=utf-7''</c> part. No page, handler or method may ever let it run: every endpoint of the
/// running application, found through its own routing, gets hostile multipart bodies with every method, as
/// anyone, a person and an administrator, and no answer is a 5xx and no such file ever appears.
/// </summary>
public sealed class FrameworkFormTests
{
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];

    private const string Boundary = "----HavenHostileBoundary7MA4YWxkTrZu0gW";

    [Fact]
    public async Task No_endpoint_lets_the_framework_read_a_multipart_form_with_any_method()
    {
        await using var server = await HavenServer.StartAsync();
        var (person, caseId) = await PersonWithCaseAsync(server);
        using var _ = person;
        using var admin = await AdminAsync(server);
        var paths = await RouteSweepTests.EndpointPathsAsync(server, caseId);
        Assert.Contains(paths, p => p.Path == "/conversation");
        Assert.Contains(paths, p => p.Path == $"/desk/case/{caseId}/reply");

        var identities = new List<(string Who, string? Cookie, string? Token)>
        {
            ("anonymous", null, null),
            ("person", RawHttp.CookieHeader(person), HavenClient.Hidden((await person.GetAsync("/conversation")).Html, "__af")),
            ("admin", RawHttp.CookieHeader(admin), HavenClient.Hidden((await admin.GetAsync($"/desk/case/{caseId}")).Html, "__af")),
        };

        using var spills = new SpillWatch();
        var failures = new List<string>();
        foreach (var (who, cookie, token) in identities)
        {
            // The session-ending pages come last, so that the identity holds for the rest.
            foreach (var (path, handlers) in paths.OrderBy(p => p.Path is "/desk/logout" or "/leave" or "/exit" ? 1 : 0))
            {
                foreach (var method in Methods)
                {
                    foreach (var handler in new string?[] { null }.Concat(handlers))
                    {
                        var target = handler is null ? path : $"{path}?handler={handler}";
                        foreach (var (body, chunked, name) in Bodies(token))
                        {
                            var what = $"{who} {method} {target} ({name})";
                            var response = await SendAsync(server, method, target, cookie, body, chunked);
                            try
                            {
                                Answers.AssertSafe(response, what);
                            }
                            catch (Xunit.Sdk.XunitException e)
                            {
                                failures.Add(e.Message);
                            }

                            if (!spills.Seen.IsEmpty)
                            {
                                failures.Add($"{what}: the framework buffered the body to {string.Join(", ", spills.Seen.Keys)}");
                                spills.Seen.Clear();
                            }
                        }
                    }
                }
            }
        }

        // A file seen late (the watcher reports after the fact) still counts: once the server has finished with
        // every request and the watchers have caught up, each file the framework wrote has been reported.
        await server.Requests.IdleAsync();
        await spills.CaughtUpAsync();
        failures.AddRange(spills.Seen.Keys.Select(f => $"buffered to {f}"));
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)) + $"\n({failures.Count} in all)\n" + string.Join("\n", server.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).Take(3)));
        await Answers.AssertStillUpAsync(server);
    }

    [Fact]
    public async Task The_framework_has_no_way_left_to_read_a_form_by_itself()
    {
        await using var server = await HavenServer.StartAsync();

        // Model binding reads forms only through Haven's value provider, which takes url-encoded POSTs (already in memory).
        var mvc = server.Services.GetRequiredService<IOptions<MvcOptions>>().Value;
        Assert.DoesNotContain(mvc.ValueProviderFactories, f => f is FormValueProviderFactory or JQueryFormValueProviderFactory or FormFileValueProviderFactory);

        // The framework's multipart reader refuses every body before it reads a byte of it.
        var form = server.Services.GetRequiredService<IOptions<FormOptions>>().Value;
        var context = new DefaultHttpContext { FormOptions = form };
        context.Request.Method = "POST";
        context.Request.ContentType = $"multipart/form-data; boundary={Boundary}";
        context.Request.Body = new MemoryStream(Encoding.ASCII.GetBytes(Multipart(token: null, fileBytes: 200 * 1024)));
        await Assert.ThrowsAsync<InvalidDataException>(() => context.Request.ReadFormAsync());
        Assert.Equal(0, context.Request.Body.Position);

        // Antiforgery refuses a multipart request instead of reading its form for the token.
        var antiforgery = server.Services.GetRequiredService<IAntiforgery>();
        var multipart = new DefaultHttpContext { RequestServices = server.Services, FormOptions = form };
        multipart.Request.Method = "POST";
        multipart.Request.ContentType = $"multipart/form-data; boundary={Boundary}";
        multipart.Request.Body = new MemoryStream(Encoding.ASCII.GetBytes(Multipart(token: "x", fileBytes: 1024)));
        Assert.False(await antiforgery.IsRequestValidAsync(multipart));
        Assert.Equal(0, multipart.Request.Body.Position);
    }

    [Fact]
    public void No_page_binds_files_or_a_whole_form()
    {
        var formTypes = new[] { typeof(IFormFile), typeof(IFormFileCollection), typeof(IFormCollection), typeof(IEnumerable<IFormFile>), typeof(List<IFormFile>), typeof(IFormFile[]) };
        var pages = typeof(HavenApp).Assembly.GetTypes().Where(t => typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        Assert.NotEmpty(pages);
        var found = pages.SelectMany(p => p.GetProperties().Select(x => (p.Name, x.Name, x.PropertyType))
            .Concat(p.GetMethods().Where(m => m.Name.StartsWith("On", StringComparison.Ordinal)).SelectMany(m => m.GetParameters().Select(x => (p.Name, m.Name + "(" + x.Name + ")", x.ParameterType)))))
            .Where(x => formTypes.Contains(x.Item3)).Select(x => $"{x.Item1}.{x.Item2}").ToList();
        Assert.Empty(found);
        Assert.Contains(pages, p => p.GetCustomAttributes(typeof(StreamedUploadAttribute), false).Length > 0);
    }

    /// <summary>A multipart body with a file part of <paramref name="fileBytes"/> bytes (which the framework would buffer to disk), then a file part with a UTF-7 name (on which it throws).</summary>
    private static string Multipart(string? token, int fileBytes)
    {
        var text = new StringBuilder();
        if (token is not null)
        {
            text.Append("--").Append(Boundary).Append("\r\nContent-Disposition: form-data; name=\"__af\"\r\n\r\n").Append(token).Append("\r\n");
        }

        text.Append("--").Append(Boundary).Append("\r\nContent-Disposition: form-data; name=\"Text\"\r\n\r\nhello\r\n");
        text.Append("--").Append(Boundary).Append("\r\nContent-Disposition: form-data; name=\"Files\"; filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        text.Append('A', fileBytes).Append("\r\n");
        text.Append("--").Append(Boundary).Append("\r\nContent-Disposition: form-data; name=\"Files\"; filename*=utf-7''%2BBD8EMAQ-.txt\r\nContent-Type: text/plain\r\n\r\nx\r\n");
        text.Append("--").Append(Boundary).Append("--\r\n");
        return text.ToString();
    }

    /// <summary>A body under the site-wide limit with a length, and a multi-MiB one sent chunked (no length to refuse it by).</summary>
    private static IEnumerable<(string Body, bool Chunked, string Name)> Bodies(string? token)
    {
        yield return (Multipart(token, 1024 * 1024), false, "1 MiB file");
        yield return (Multipart(token, 3 * 1024 * 1024), true, "3 MiB file, chunked");
    }

    private static async Task<RawResponse> SendAsync(HavenServer server, string method, string target, string? cookie, string body, bool chunked)
    {
        string[] headers = [$"Content-Type: multipart/form-data; boundary={Boundary}", .. cookie is null ? Array.Empty<string>() : [cookie], .. chunked ? ["Transfer-Encoding: chunked"] : Array.Empty<string>()];
        if (!chunked)
        {
            return await RawHttp.SendAsync(server, RawHttp.Request(method, target, headers, body));
        }

        var length = Encoding.Latin1.GetByteCount(body);
        var chunkedBody = length.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "\r\n" + body + "\r\n0\r\n\r\n";
        return await RawHttp.SendAsync(server, RawHttp.Request(method, target, headers, chunkedBody, contentLength: false));
    }

    /// <summary>Every <c>ASPNETCORE_*.tmp</c> file created in the temporary folder while it runs (they are deleted when the request ends).</summary>
    private sealed class SpillWatch : IDisposable
    {
        private readonly List<FileSystemWatcher> _watchers = [];

        public SpillWatch()
        {
            var folders = new[] { Path.GetTempPath(), Environment.GetEnvironmentVariable("ASPNETCORE_TEMP") }.OfType<string>().Where(Directory.Exists).Distinct();
            foreach (var folder in folders)
            {
                var watcher = new FileSystemWatcher(folder, "ASPNETCORE_*") { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName };
                watcher.Created += (_, e) => Note(e.FullPath);
                watcher.Renamed += (_, e) => Note(e.FullPath);
                watcher.EnableRaisingEvents = true;
                _watchers.Add(watcher);
            }
        }

        /// <summary>The framework's files (a sentinel of any watch, this one's or another test run's in the same folder, is not one).</summary>
        public ConcurrentDictionary<string, byte> Seen { get; } = new();

        private ConcurrentDictionary<string, byte> Sentinels { get; } = new();

        private const string SentinelPrefix = "ASPNETCORE_haven-sentinel-";

        /// <summary>Files tests make on purpose under the framework's prefix: this watch's sentinels, CanaryTests' stand-in for a buffer file (the framework's own names are a GUID in hexadecimal).</summary>
        private const string TestsPrefix = "ASPNETCORE_haven-";

        private void Note(string path)
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith(SentinelPrefix, StringComparison.Ordinal))
            {
                Sentinels[path] = 0;
            }
            else if (!name.StartsWith(TestsPrefix, StringComparison.Ordinal))
            {
                Seen[path] = 0;
            }
        }

        /// <summary>
        /// Waits until each watcher has reported everything created in its folder up to now: creates a file of
        /// its own there and waits until it is reported (a watcher reports in order), then forgets it.
        /// </summary>
        public async Task CaughtUpAsync()
        {
            foreach (var watcher in _watchers)
            {
                var sentinel = Path.Combine(watcher.Path, $"{SentinelPrefix}{Guid.NewGuid():N}");
                await File.WriteAllTextAsync(sentinel, "sentinel");
                try
                {
                    await Eventually.UntilAsync($"the watch on {watcher.Path} to catch up", () => Sentinels.ContainsKey(sentinel));
                }
                finally
                {
                    File.Delete(sentinel);
                    Sentinels.TryRemove(sentinel, out _);
                }
            }
        }

        public void Dispose() => _watchers.ForEach(w => w.Dispose());
    }
}
