using System.Net;
using System.Text.RegularExpressions;

namespace Haven.Web.Tests.Infrastructure;

/// <summary>A browser-like HTTP client (cookies, forms with anti-forgery tokens) with intent methods.</summary>
public sealed partial class HavenClient : IDisposable
{
    private readonly HttpClient _http;

    public HavenClient(Uri baseAddress, string? acceptLanguage)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = baseAddress };
        if (acceptLanguage is not null)
        {
            _http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        }
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http => _http;

    public record Page(HttpStatusCode Status, string Html, Uri Location, HttpResponseMessage Response);

    /// <summary>GET, following local redirects like a browser.</summary>
    public async Task<Page> GetAsync(string path)
    {
        var response = await _http.GetAsync(path);
        return await FollowAsync(response, path);
    }

    /// <summary>POSTs a form the way the page at <paramref name="pagePath"/> would, with its anti-forgery token.</summary>
    public async Task<Page> PostFormAsync(string pagePath, string action, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true)
    {
        var page = await GetAsync(pagePath);
        var all = new List<KeyValuePair<string, string>>(fields);
        if (withToken)
        {
            all.Add(new("__af", Hidden(page.Html, "__af") ?? throw new InvalidOperationException($"No anti-forgery token on {pagePath}: {page.Status} {page.Location} {page.Html}")));
        }

        return await PostAsync(action, all);
    }

    public async Task<Page> PostAsync(string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        var response = await _http.PostAsync(action, content);
        return await FollowAsync(response, action);
    }

    /// <summary>POSTs a multipart form as a browser does: the fields in order (token first on upload forms), then the files.</summary>
    public async Task<Page> PostMultipartAsync(string action, IEnumerable<KeyValuePair<string, string>> fields, IEnumerable<(string FileName, HttpContent Content)> files)
    {
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var (fileName, file) in files)
        {
            content.Add(file, "files", fileName);
        }

        var response = await _http.PostAsync(action, content);
        return await FollowAsync(response, action);
    }

    /// <summary>The first request, sent as the page's multipart form with files.</summary>
    public async Task<Page> SubmitRequestWithFilesAsync(string text, IEnumerable<(string FileName, HttpContent Content)> files, string urgency = "now")
    {
        var form = await GetAsync("/request");
        return await PostMultipartAsync(
            "/request",
            [
                new("__af", Hidden(form.Html, "__af")!),
                new("Input.RecordId", Hidden(form.Html, "Input.RecordId")!),
                new("Input.Ticket", Hidden(form.Html, "Input.Ticket")!),
                new("Input.Help", "evacuation"),
                new("Input.Urgency", urgency),
                new("Input.Text", text),
            ],
            files);
    }

    /// <summary>A follow-up message with files, sent as the conversation page's multipart form.</summary>
    public async Task<Page> SendMessageWithFilesAsync(string text, IEnumerable<(string FileName, HttpContent Content)> files)
    {
        var page = await GetAsync("/conversation");
        return await PostMultipartAsync("/conversation", [new("__af", Hidden(page.Html, "__af")!), new("RecordId", Hidden(page.Html, "RecordId")!), new("Text", text)], files);
    }

    /// <summary>"Ask for help": returns the receipt shown (digits only).</summary>
    public async Task<string> AskForHelpAsync()
    {
        var page = await PostFormAsync("/", "/start", []);
        var match = ReceiptPattern().Match(page.Html);
        if (!match.Success)
        {
            throw new InvalidOperationException("No receipt shown: " + page.Status);
        }

        return new string(match.Groups[1].Value.Where(char.IsAsciiDigit).ToArray());
    }

    /// <summary>Fills and sends the request form of the current session.</summary>
    public async Task<Page> SubmitRequestAsync(string text, string urgency = "now", string[]? help = null, string? contact = null, string? recordId = null)
    {
        var form = await GetAsync("/request");
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__af", Hidden(form.Html, "__af")!),
            new("Input.RecordId", recordId ?? Hidden(form.Html, "Input.RecordId")!),
            new("Input.Ticket", Hidden(form.Html, "Input.Ticket")!),
            new("Input.Urgency", urgency),
            new("Input.Text", text),
            new("Input.Contact", contact ?? ""),
        };
        fields.AddRange((help ?? ["evacuation"]).Select(h => new KeyValuePair<string, string>("Input.Help", h)));
        return await PostAsync("/request", fields);
    }

    public Task<Page> ReturnAsync(string receipt) => PostFormAsync("/return", "/return", [new("Receipt", receipt)]);

    public async Task<Page> SendMessageAsync(string text)
    {
        var page = await GetAsync("/conversation");
        return await PostAsync("/conversation", [new("__af", Hidden(page.Html, "__af")!), new("RecordId", Hidden(page.Html, "RecordId")!), new("Text", text)]);
    }

    public Task<Page> LoginAsync(string name, string passphrase, string code) =>
        PostFormAsync("/desk/login", "/desk/login", [new("Name", name), new("Passphrase", passphrase), new("Code", code)]);

    public async Task<Page> ReplyAsync(string caseId, string text)
    {
        var page = await GetAsync($"/desk/case/{caseId}");
        return await PostAsync($"/desk/case/{caseId}/reply", [new("__af", Hidden(page.Html, "__af")!), new("RecordId", Hidden(page.Html, "RecordId")!), new("Text", text)]);
    }

    /// <summary>The case ids listed in the desk inbox.</summary>
    public async Task<List<string>> InboxCaseIdsAsync()
    {
        var page = await GetAsync("/desk");
        return CaseLink().Matches(page.Html).Select(m => m.Groups[1].Value).Distinct().ToList();
    }

    public static string? Hidden(string html, string name)
    {
        var match = Regex.Match(html, $"name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    public void Dispose() => _http.Dispose();

    private async Task<Page> FollowAsync(HttpResponseMessage response, string path)
    {
        var location = new Uri(_http.BaseAddress!, path);
        for (var hops = 0; hops < 10 && (int)response.StatusCode is >= 300 and < 400; hops++)
        {
            var target = response.Headers.Location!;
            if (target.IsAbsoluteUri && target.IsFile)
            {
                // On Unix a path like "/desk" parses as an absolute file URI.
                target = new Uri(target.OriginalString, UriKind.Relative);
            }

            if (target.IsAbsoluteUri && target.Host != _http.BaseAddress!.Host)
            {
                return new Page(response.StatusCode, "", target, response);
            }

            location = new Uri(_http.BaseAddress!, target);
            response.Dispose();
            response = await _http.GetAsync(location);
        }

        return new Page(response.StatusCode, await response.Content.ReadAsStringAsync(), location, response);
    }

    [GeneratedRegex("<p class=\"receipt\" id=\"receipt\">([0-9 ]+)</p>")]
    private static partial Regex ReceiptPattern();

    [GeneratedRegex("href=\"/desk/case/([0-9a-f]{32})\"")]
    private static partial Regex CaseLink();
}
