using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Hostile;

/// <summary>An answer read off the socket: status, header block and (de-chunked) body as Latin-1 text.</summary>
internal sealed record RawResponse(int Status, string Head, string Body)
{
    /// <summary>The body as UTF-8 (Latin-1 keeps every byte, so this loses nothing).</summary>
    public string Text => Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(Body));

    public string? Header(string name) => Head.Split("\r\n").Select(l => l.Split(':', 2)).FirstOrDefault(p => p.Length == 2 && p[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))?[1].Trim();
}

/// <summary>
/// HTTP written byte by byte over a plain socket, for what HttpClient refuses to send: raw bytes in the
/// request line and headers, invalid percent-encoding, bodies shorter than their Content-Length.
/// </summary>
internal static class RawHttp
{
    /// <summary>
    /// A request as bytes; every char of <paramref name="target"/>, <paramref name="headers"/> and
    /// <paramref name="body"/> below 256 becomes that byte (Latin-1), so "\u00FF" sends the byte 0xFF.
    /// </summary>
    public static byte[] Request(string method, string target, IEnumerable<string>? headers = null, string? body = null, bool contentLength = true)
    {
        var text = new StringBuilder().Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        foreach (var header in headers ?? [])
        {
            text.Append(header).Append("\r\n");
        }

        if (body is not null && contentLength)
        {
            text.Append("Content-Length: ").Append(Encoding.Latin1.GetByteCount(body)).Append("\r\n");
        }

        text.Append("\r\n").Append(body);
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    /// <summary>Sends the bytes and reads the answer until the server closes the connection.</summary>
    /// <param name="server">The server.</param>
    /// <param name="request">The request bytes.</param>
    /// <param name="endInput">Half-closes the connection after sending: the server sees the end of the body.</param>
    /// <param name="seconds">How long to wait for the whole answer.</param>
    public static async Task<RawResponse> SendAsync(HavenServer server, byte[] request, bool endInput = false, int seconds = 15)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        var stream = tcp.GetStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));

        // Written while the answer is read: the server may answer (and close) before taking all of an oversized request.
        var writing = Task.Run(async () =>
        {
            try
            {
                await stream.WriteAsync(request, timeout.Token);
                if (endInput)
                {
                    tcp.Client.Shutdown(SocketShutdown.Send);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        });

        using var answer = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                answer.Write(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // A reset after the answer, or no answer in time: what arrived is the answer.
        }

        tcp.Close();
        await writing;
        return Parse(Encoding.Latin1.GetString(answer.ToArray()));
    }

    public static Task<RawResponse> SendAsync(HavenServer server, string method, string target, IEnumerable<string>? headers = null, string? body = null) =>
        SendAsync(server, Request(method, target, headers, body));

    /// <summary>The cookies of a client as one Cookie header line, for sending its session by hand.</summary>
    public static string CookieHeader(HavenClient client) => "Cookie: " + client.Cookies.GetCookieHeader(client.Http.BaseAddress!);

    private static RawResponse Parse(string raw)
    {
        var end = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (!raw.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) || end < 0)
        {
            return new RawResponse(0, raw, "");
        }

        var head = raw[..end];
        var body = raw[(end + 4)..];
        var status = int.Parse(head.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        return new RawResponse(status, head, body);
    }

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        var at = 0;
        while (at < body.Length)
        {
            var line = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            if (line < 0 || !int.TryParse(body.AsSpan(at, line - at).ToString().Split(';')[0], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var size) || size == 0)
            {
                break;
            }

            result.Append(body, line + 2, Math.Min(size, body.Length - line - 2));
            at = line + 2 + size + 2;
        }

        return result.ToString();
    }
}

/// <summary>What every answer to hostile input must be: no 5xx, no trace of an exception, localized when it is a page.</summary>
internal static class Answers
{
    private static readonly string[] Traces = ["Exception", " at Haven.", " at Microsoft.", " at System.", "   at ", "StackTrace", "stack trace"];

    /// <summary>Asserts the answer is not a server failure and gives nothing away; <paramref name="what"/> names the request in the failure message.</summary>
    public static void AssertSafe(int status, string body, string what)
    {
        Assert.True(status is > 0 and < 500, $"{what}: status {status}");
        foreach (var trace in Traces)
        {
            Assert.False(body.Contains(trace, StringComparison.Ordinal), $"{what}: the answer contains \"{trace}\"");
        }
    }

    public static async Task AssertSafeAsync(HttpResponseMessage response, string what) =>
        AssertSafe((int)response.StatusCode, await response.Content.ReadAsStringAsync(), what);

    public static void AssertSafe(HavenClient.Page page, string what) => AssertSafe((int)page.Status, page.Html, what);

    public static void AssertSafe(RawResponse response, string what) => AssertSafe(response.Status, response.Text, what);

    /// <summary>An HTML error page is in the asked language: the document language and some of its letters.</summary>
    public static void AssertLocalized(string html, string language, string what)
    {
        Assert.True(html.Contains($"<html lang=\"{language}\"", StringComparison.Ordinal), $"{what}: not a page in {language}");
        // The language switch names both languages; the page's own text is in <main>.
        var start = html.IndexOf("<main", StringComparison.Ordinal);
        var end = html.IndexOf("</main>", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{what}: no page body");
        // Text marked as another language (a language's own name, the team's texts in it on the desk) is not the page's.
        var own = Regex.Replace(html[start..end], $"<(?<tag>[a-z0-9]+)\\b[^>]*\\slang=\"(?!{Regex.Escape(language)}\")[^\"]*\"[^>]*>.*?</\\k<tag>>", "", RegexOptions.Singleline);
        var cyrillic = own.Any(c => c is >= 'а' and <= 'я');
        Assert.True(language == "ru" ? cyrillic : !cyrillic, $"{what}: the text is not in {language}");
    }

    /// <summary>
    /// Every occurrence of <paramref name="text"/> (a bidirectional override) is inside a <c>bdi</c> element, so
    /// that it cannot turn the text around it (a file name's extension, a date, a button) back to front.
    /// </summary>
    public static void AssertIsolated(string html, string text, string what)
    {
        Assert.True(html.Contains(text, StringComparison.Ordinal), $"{what}: not shown at all");
        for (var at = html.IndexOf(text, StringComparison.Ordinal); at >= 0; at = html.IndexOf(text, at + 1, StringComparison.Ordinal))
        {
            var open = html.LastIndexOf("<bdi", at, StringComparison.Ordinal);
            var close = html.LastIndexOf("</bdi>", at, StringComparison.Ordinal);
            var end = html.IndexOf('<', at);
            Assert.True(open > close && open >= 0 && html.AsSpan(end).StartsWith("</bdi>"), $"{what}: not isolated near \"{html[Math.Max(0, at - 80)..Math.Min(html.Length, at + 40)]}\"");
        }
    }

    /// <summary>A normal request still works: the server is up and answering.</summary>
    public static async Task AssertStillUpAsync(HavenServer server)
    {
        using var client = server.CreateClient();
        using var response = await client.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("up", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>Row counts of every table that stores what someone wrote or did, to prove a refused request left nothing behind.</summary>
internal static class Rows
{
    private static readonly string[] Tables = ["cases", "records", "files", "sources", "case_key_seals", "case_checks", "checklist_items", "invitations", "responders"];

    public static async Task<Dictionary<string, long>> CountAsync(HavenServer server)
    {
        await using var connection = await RawDatabase.OpenAsync(server.DataPath, readOnly: true);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in Tables)
        {
            await using var command = RawDatabase.Command(connection, $"SELECT COUNT(*) FROM {table}");
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return counts;
    }

    public static string Show(Dictionary<string, long> counts) => string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}"));

    /// <summary>Asserts the counts are those of <paramref name="before"/>.</summary>
    public static async Task AssertUnchangedAsync(HavenServer server, Dictionary<string, long> before, string what)
    {
        var after = await CountAsync(server);
        Assert.True(before.SequenceEqual(after), $"{what}: stored something. Before: {Show(before)}; after: {Show(after)}");
    }
}
