using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Files;

/// <summary>
/// A person is told which files arrived with what they sent: the page right after sending names them (the
/// names are in memory from the upload; the receipt cannot open what the person sent, so they are not shown
/// again), and the conversation counts the files of each day's messages.
/// </summary>
public sealed partial class FilesArrivedHttpTests
{
    [Fact]
    public async Task The_sent_page_names_the_files_once_and_the_conversation_counts_them_per_day()
    {
        await using var server = await HavenServer.StartAsync();
        using var person = server.CreateClient("en");
        var receipt = await person.AskForHelpAsync();
        var sent = await person.SubmitRequestWithFilesAsync("please help", [("report.pdf", Bytes(100)), ("photo.jpg", Bytes(200))]);
        Assert.Equal(HttpStatusCode.OK, sent.Status);
        Assert.EndsWith("/sent", sent.Location.AbsolutePath, StringComparison.Ordinal);
        Assert.Contains("<p id=\"sent-files\">2 files arrived with your request:</p>", sent.Html, StringComparison.Ordinal);
        Assert.Contains("<li><bdi>report.pdf</bdi></li>", sent.Html, StringComparison.Ordinal);
        Assert.Contains("<li><bdi>photo.jpg</bdi></li>", sent.Html, StringComparison.Ordinal);

        // Shown once: a reload no longer has the names (the person's key could not read them back).
        var again = await person.GetAsync("/sent");
        Assert.DoesNotContain("report.pdf", again.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("sent-files", again.Html, StringComparison.Ordinal);

        // The next day (the session has ended meanwhile: the person comes back with the receipt).
        server.Clock.Advance(TimeSpan.FromDays(1));
        await person.ReturnAsync(receipt);
        var followUp = await person.SendMessageWithFilesAsync("one more", [("scan.png", Bytes(300))]);
        Assert.Equal(HttpStatusCode.OK, followUp.Status);
        Assert.Contains("<p id=\"sent-files\">1 file arrived with it:</p>", followUp.Html, StringComparison.Ordinal);
        Assert.Contains("<li><bdi>scan.png</bdi></li>", followUp.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await person.SendMessageAsync("and no file")).Status);

        var conversation = await person.GetAsync("/conversation");
        Assert.DoesNotContain("scan.png", conversation.Html, StringComparison.Ordinal);
        Assert.Equal(["You sent a message · 2 files arrived", "You sent 2 messages · 1 file arrived"], YouSent(conversation.Html));
    }

    [Fact]
    public async Task In_russian_the_counts_take_the_right_plural_form()
    {
        await using var server = await HavenServer.StartAsync();
        using var person = server.CreateClient("ru");
        await person.AskForHelpAsync();
        var sent = await person.SubmitRequestWithFilesAsync("помогите", [("отчёт.pdf", Bytes(100)), ("фото.jpg", Bytes(200))]);
        Assert.Contains("<p id=\"sent-files\">Вместе с обращением пришли 2 файла:</p>", sent.Html, StringComparison.Ordinal);
        Assert.Contains("<li><bdi>отчёт.pdf</bdi></li>", sent.Html, StringComparison.Ordinal);

        var followUp = await person.SendMessageWithFilesAsync("ещё", [("a.txt", Bytes(1)), ("b.txt", Bytes(1)), ("c.txt", Bytes(1)), ("d.txt", Bytes(1)), ("e.txt", Bytes(1))]);
        Assert.Contains("<p id=\"sent-files\">Вместе с ним пришло 5 файлов:</p>", followUp.Html, StringComparison.Ordinal);
        Assert.Equal(["Вы отправили 2 сообщения · пришло 7 файлов"], YouSent((await person.GetAsync("/conversation")).Html));
    }

    private static ByteArrayContent Bytes(int length) => new(Encoding.ASCII.GetBytes(new string('x', length)));

    /// <summary>The "you sent" lines of a conversation page, without their date.</summary>
    private static List<string> YouSent(string html) =>
        [.. MetaLine().Matches(html).Select(m => TagPattern().Replace(m.Groups[1].Value, ""))];

    [GeneratedRegex("<div class=\"entry (?:request|message)\">\\s*<p class=\"meta\">(.*?) · \\d{4}-\\d{2}-\\d{2}</p>", RegexOptions.Singleline)]
    private static partial Regex MetaLine();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();
}
