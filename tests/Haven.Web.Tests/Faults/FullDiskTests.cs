using System.Net;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;
using static Haven.Web.Tests.Files.FileTestKit;

namespace Haven.Web.Tests.Faults;

/// <summary>
/// The data directory's disk fills up under a running server (a small tmpfs, filled to the last byte): a
/// first request and a follow-up are answered 503 with a localized "try again shortly" and everything typed
/// back, an upload 507 with "the server is out of space" and the text back and no partial blob, nothing typed
/// reaches the logs, and once space is freed the same sends go through. Starting the web host or
/// <c>haven init</c> on a full disk prints one line and exits 2; init leaves no half-made data directory.
/// </summary>
public sealed class FullDiskTests
{
    private const string EnglishOutage = "Haven cannot store messages at this moment. Nothing was sent, and nothing is lost";
    private const string RussianOutage = "Haven сейчас не может сохранять сообщения. Ничего не отправлено и ничего не потеряно";

    [FullDiskFact(sqliteOnly: true)]
    public async Task Sends_on_a_full_disk_get_503_with_the_text_back_and_go_through_once_space_is_freed()
    {
        using var disk = new SmallDisk(24);
        await using var server = await HavenServer.StartInAsync(disk["data"]);
        var (writer, _) = await PersonWithCaseAsync(server, "first words before the disk filled");
        using var _writer = writer;
        using var newcomer = await PersonAsync(server, "ru");
        var requestForm = await newcomer.GetAsync("/request");
        var conversation = await writer.GetAsync("/conversation");
        Assert.True(conversation.Status == HttpStatusCode.OK, $"{conversation.Status}: " + string.Join('\n', server.Logs.Lines.TakeLast(20)));

        disk.Fill();
        const string request = "full-disk first request: we are hiding in the cellar";
        var refused = await newcomer.PostAsync("/request", RequestFields(requestForm.Html, request));
        Assert.True(refused.Status == HttpStatusCode.ServiceUnavailable, $"{refused.Status}: " + string.Join('\n', server.Logs.Lines.TakeLast(20)));
        Assert.Contains(RussianOutage, refused.Html, StringComparison.Ordinal);
        Assert.Contains(">" + request + "</textarea>", refused.Html, StringComparison.Ordinal);
        Assert.Equal("60", refused.Response.Headers.RetryAfter?.ToString());

        const string followUp = "full-disk follow-up: they came back at night";
        var refusedFollowUp = await writer.PostAsync("/conversation", ConversationFields(conversation.Html, followUp));
        Assert.True(refusedFollowUp.Status == HttpStatusCode.ServiceUnavailable, $"{refusedFollowUp.Status}: " + string.Join('\n', server.Logs.Lines.TakeLast(20)));
        Assert.Contains(EnglishOutage, refusedFollowUp.Html, StringComparison.Ordinal);
        Assert.Contains(">" + followUp + "</textarea>", refusedFollowUp.Html, StringComparison.Ordinal);
        Assert.Equal("60", refusedFollowUp.Response.Headers.RetryAfter?.ToString());

        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains("full-disk", StringComparison.Ordinal));
        Assert.Equal((1, 1, 0), await CountsAsync(server));

        disk.Free();
        var sent = await newcomer.PostAsync("/request", RequestFields(requestForm.Html, request));
        Assert.Equal("/sent", sent.Location.AbsolutePath);
        var sentFollowUp = await writer.PostAsync("/conversation", ConversationFields(conversation.Html, followUp));
        Assert.Equal("/conversation", sentFollowUp.Location.AbsolutePath);
        Assert.Equal((2, 3, 0), await CountsAsync(server));
    }

    [FullDiskFact]
    public async Task An_upload_on_a_full_disk_gets_507_out_of_space_keeps_the_text_and_leaves_no_partial_blob()
    {
        using var disk = new SmallDisk(24);
        await using var server = await HavenServer.StartInAsync(disk["data"]);
        var (writer, _) = await PersonWithCaseAsync(server, "first words before the disk filled");
        using var _writer = writer;
        var conversation = await writer.GetAsync("/conversation");
        Assert.True(conversation.Status == HttpStatusCode.OK, $"{conversation.Status}: " + string.Join('\n', server.Logs.Lines.TakeLast(20)));

        disk.Fill();
        const string text = "full-disk upload: the photo of the letter";
        var refused = await writer.PostMultipartAsync("/conversation", ConversationFields(conversation.Html, text), [("letter.pdf", Bytes(RandomBytes(3 * 1024 * 1024)))]);
        Assert.True(refused.Status == HttpStatusCode.InsufficientStorage, $"{refused.Status}: " + string.Join('\n', server.Logs.Lines.TakeLast(20)));
        Assert.Contains("The server is out of space and could not keep your file.", refused.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("did not arrive whole", refused.Html, StringComparison.Ordinal);
        Assert.Contains(">" + text + "</textarea>", refused.Html, StringComparison.Ordinal);
        Assert.Empty(BlobFiles(server));
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains("full-disk", StringComparison.Ordinal));

        disk.Free();
        var sent = await writer.PostMultipartAsync("/conversation", ConversationFields(conversation.Html, text), [("letter.pdf", Bytes(RandomBytes(1024 * 1024)))]);
        Assert.Equal("/conversation", sent.Location.AbsolutePath);
        Assert.Single(BlobFiles(server));
    }

    [FullDiskFact]
    public async Task The_web_host_on_a_full_disk_prints_one_line_and_exits_2()
    {
        using var disk = new SmallDisk(8);
        var data = disk["data"];
        Directory.CreateDirectory(data);
        disk.Fill();

        using var host = WebHostProcess.Start(data);
        Assert.Equal(2, await host.ExitCodeAsync());
        var line = Assert.Single(host.StderrLines);
        Assert.StartsWith("haven: the data directory " + data + " has no space left", line, StringComparison.Ordinal);
    }

    [FullDiskFact]
    public async Task Init_on_a_full_disk_prints_one_line_exits_2_and_leaves_no_half_made_data_directory()
    {
        using var disk = new SmallDisk(8);
        var empty = disk["empty"];
        Directory.CreateDirectory(empty);
        disk.Fill();

        var fresh = await CliRunner.RunAsync("init", "--data", disk["fresh"], "--recovery-stdout");
        Assert.Equal(2, fresh.ExitCode);
        Assert.StartsWith("haven: the data directory " + disk["fresh"] + " has no space left", Assert.Single(fresh.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Equal("", fresh.Stdout);
        Assert.False(Directory.Exists(disk["fresh"]));

        var existing = await CliRunner.RunAsync("init", "--data", empty, "--recovery-file", disk["recovery.txt"]);
        Assert.Equal(2, existing.ExitCode);
        Assert.Single(existing.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(Directory.Exists(empty));
        Assert.Empty(Directory.GetFileSystemEntries(empty));
        Assert.False(File.Exists(disk["recovery.txt"]));
    }

    /// <summary>
    /// Space for the probe but not for the database: the SQLite file fails part-way (SQLITE_FULL) and init
    /// removes what it had made.
    /// </summary>
    [FullDiskFact(sqliteOnly: true)]
    public async Task Init_that_runs_out_of_space_in_the_database_removes_what_it_created()
    {
        using var disk = new SmallDisk(8);
        disk.Fill();

        // Room for the 64 KiB write check and little more: the migrations do not fit.
        disk.FreeSome(96 * 1024);
        var result = await CliRunner.RunAsync("init", "--data", disk["data"], "--recovery-stdout");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("haven: the data directory " + disk["data"] + " has no space left", Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.False(Directory.Exists(disk["data"]));
    }

    internal static KeyValuePair<string, string>[] RequestFields(string html, string text) =>
    [
        new("__af", HavenClient.Hidden(html, "__af")!),
        new("Input.RecordId", HavenClient.Hidden(html, "Input.RecordId")!),
        new("Input.Ticket", HavenClient.Hidden(html, "Input.Ticket")!),
        new("Input.Help", "evacuation"),
        new("Input.Urgency", "now"),
        new("Input.Text", text),
        new("Input.Contact", ""),
    ];

    internal static KeyValuePair<string, string>[] ConversationFields(string html, string text) =>
    [
        new("__af", HavenClient.Hidden(html, "__af")!),
        new("RecordId", HavenClient.Hidden(html, "RecordId")!),
        new("Text", text),
    ];
}
