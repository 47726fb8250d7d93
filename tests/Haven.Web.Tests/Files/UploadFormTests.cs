using System.Net;
using Haven.Crypto;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Files.FileTestKit;

namespace Haven.Web.Tests.Files;

public sealed class UploadFormTests
{
    [Fact]
    public async Task An_upload_without_a_valid_token_before_the_files_is_refused_and_stores_nothing()
    {
        await using var server = await HavenServer.StartAsync();
        using var person = await PersonAsync(server);
        var form = await person.GetAsync("/request");
        var token = HavenClient.Hidden(form.Html, "__af")!;
        var recordId = HavenClient.Hidden(form.Html, "Input.RecordId")!;
        var ticket = HavenClient.Hidden(form.Html, "Input.Ticket")!;
        List<RawPart> Fields() => [RawPart.Field("Input.RecordId", recordId), RawPart.Field("Input.Ticket", ticket), RawPart.Field("Input.Urgency", "now"), RawPart.Field("Input.Text", "no token")];

        // No token at all.
        var noToken = await PostAsync(person, "/request", [.. Fields(), RawPart.FileStar("a.pdf", Bytes(RandomBytes(200_000)))]);

        // The token after the file: the file would have to be stored before the token is seen.
        var late = await PostAsync(person, "/request", [.. Fields(), RawPart.FileStar("a.pdf", Bytes(RandomBytes(200_000))), RawPart.Field("__af", token)]);

        // A forged or foreign token.
        var forged = await PostAsync(person, "/request", [RawPart.Field("__af", token[..^4] + "AAAA"), .. Fields(), RawPart.FileStar("a.pdf", Bytes(RandomBytes(200_000)))]);
        using var stranger = server.CreateClient();
        var foreign = HavenClient.Hidden((await stranger.GetAsync("/")).Html, "__af")!;
        var foreignToken = await PostAsync(person, "/request", [RawPart.Field("__af", foreign), .. Fields(), RawPart.FileStar("a.pdf", Bytes(RandomBytes(200_000)))]);

        // Without a token and without files too.
        var textOnly = await PostAsync(person, "/request", Fields());

        foreach (var (status, html) in new[] { noToken, late, forged, foreignToken, textOnly })
        {
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains("This page was open for too long.", html, StringComparison.Ordinal);
            Assert.Contains(">no token</textarea>", html, StringComparison.Ordinal);
        }

        Assert.Empty(BlobFiles(server));
        Assert.Equal((0, 0, 0), await CountsAsync(server));

        // The same form with the token first goes through.
        var good = await PostAsync(person, "/request", [RawPart.Field("__af", token), .. Fields(), RawPart.FileStar("a.pdf", Bytes(RandomBytes(200_000)))]);
        Assert.Equal(HttpStatusCode.Redirect, good.Status);
        Assert.Equal((1, 1, 1), await CountsAsync(server));
        Assert.Single(BlobFiles(server));
    }

    [Fact]
    public async Task Messages_and_replies_without_a_token_are_refused_too()
    {
        await using var server = await HavenServer.StartAsync();
        var (person, caseId) = await PersonWithCaseAsync(server);
        using var _ = person;
        using var admin = await AdminAsync(server);
        var conversation = await person.GetAsync("/conversation");
        var replyForm = await admin.GetAsync($"/desk/case/{caseId}/reply");
        var message = await PostAsync(person, "/conversation", [RawPart.Field("RecordId", HavenClient.Hidden(conversation.Html, "RecordId")!), RawPart.Field("Text", "x"), RawPart.FileStar("a.pdf", Bytes(RandomBytes(1000)))]);
        var lateMessage = await PostAsync(person, "/conversation", [RawPart.Field("RecordId", HavenClient.Hidden(conversation.Html, "RecordId")!), RawPart.Field("Text", "x"), RawPart.FileStar("a.pdf", Bytes(RandomBytes(1000))), RawPart.Field("__af", HavenClient.Hidden(conversation.Html, "__af")!)]);
        var reply = await PostAsync(admin, $"/desk/case/{caseId}/reply", [RawPart.Field("RecordId", HavenClient.Hidden(replyForm.Html, "RecordId")!), RawPart.Field("Text", "x"), RawPart.FileStar("a.pdf", Bytes(RandomBytes(1000)))]);
        var lateReply = await PostAsync(admin, $"/desk/case/{caseId}/reply", [RawPart.Field("RecordId", HavenClient.Hidden(replyForm.Html, "RecordId")!), RawPart.Field("Text", "x"), RawPart.FileStar("a.pdf", Bytes(RandomBytes(1000))), RawPart.Field("__af", HavenClient.Hidden(replyForm.Html, "__af")!)]);

        // The person's token does not work for the desk, nor the desk's for the person.
        var crossed = await PostAsync(admin, $"/desk/case/{caseId}/reply", [RawPart.Field("__af", HavenClient.Hidden(conversation.Html, "__af")!), RawPart.Field("RecordId", RandomId.New()), RawPart.Field("Text", "x"), RawPart.FileStar("a.pdf", Bytes(RandomBytes(1000)))]);
        foreach (var (status, _) in new[] { message, lateMessage, reply, lateReply, crossed })
        {
            Assert.Equal(HttpStatusCode.BadRequest, status);
        }

        Assert.Empty(BlobFiles(server));
        Assert.Equal((1, 1, 0), await CountsAsync(server));
    }

    [Theory]
    [InlineData("PUT", "/request")]
    [InlineData("DELETE", "/request")]
    [InlineData("PATCH", "/request")]
    [InlineData("PUT", "/conversation")]
    [InlineData("DELETE", "/conversation")]
    public async Task Other_methods_on_upload_pages_are_refused(string method, string path)
    {
        await using var server = await HavenServer.StartAsync();
        var (person, _) = await PersonWithCaseAsync(server);
        using var __ = person;
        var form = await person.GetAsync(path == "/request" ? "/request" : "/conversation");
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new RawMultipart([RawPart.Field("__af", HavenClient.Hidden(form.Html, "__af") ?? ""), RawPart.Field("Text", "x"), RawPart.FileStar("a.pdf", Bytes(RandomBytes(1000)))]),
        };
        using var response = await person.Http.SendAsync(request);
        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Empty(BlobFiles(server));
        Assert.Equal((1, 1, 0), await CountsAsync(server));
    }

    [Fact]
    public async Task Other_methods_on_the_reply_page_are_refused()
    {
        await using var server = await HavenServer.StartAsync();
        var (person, caseId) = await PersonWithCaseAsync(server);
        using var _ = person;
        using var admin = await AdminAsync(server);
        foreach (var method in new[] { "PUT", "DELETE" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), $"/desk/case/{caseId}/reply") { Content = new RawMultipart([RawPart.Field("Text", "x"), RawPart.FileStar("a.pdf", Bytes(RandomBytes(1000)))]) };
            using var response = await admin.Http.SendAsync(request);
            Assert.InRange((int)response.StatusCode, 400, 499);
        }

        Assert.Empty(BlobFiles(server));
        Assert.Equal((1, 1, 0), await CountsAsync(server));
    }

    [Fact]
    public async Task A_request_sent_twice_stores_one_record_and_one_set_of_files()
    {
        await using var server = await HavenServer.StartAsync();
        using var person = await PersonAsync(server);
        var form = await person.GetAsync("/request");
        var first = RandomBytes(100_000);
        var second = RandomBytes(30_000);
        List<RawPart> Body() =>
        [
            RawPart.Field("__af", HavenClient.Hidden(form.Html, "__af")!),
            RawPart.Field("Input.RecordId", HavenClient.Hidden(form.Html, "Input.RecordId")!),
            RawPart.Field("Input.Ticket", HavenClient.Hidden(form.Html, "Input.Ticket")!),
            RawPart.Field("Input.Urgency", "now"),
            RawPart.Field("Input.Text", "twice"),
            RawPart.FileStar("one.pdf", Bytes(first)),
            RawPart.FileStar("two.pdf", Bytes(second)),
        ];

        var once = await PostAsync(person, "/request", Body());
        var twice = await PostAsync(person, "/request", Body());
        Assert.Equal(HttpStatusCode.Redirect, once.Status);
        Assert.Equal(HttpStatusCode.Redirect, twice.Status);
        Assert.Equal((1, 1, 2), await CountsAsync(server));
        await AssertBlobsMatchRowsAsync(server);
    }

    [Fact]
    public async Task A_message_and_a_reply_sent_twice_store_one_each()
    {
        await using var server = await HavenServer.StartAsync();
        var (person, caseId) = await PersonWithCaseAsync(server);
        using var _ = person;
        var conversation = await person.GetAsync("/conversation");
        List<RawPart> Message() =>
        [
            RawPart.Field("__af", HavenClient.Hidden(conversation.Html, "__af")!),
            RawPart.Field("RecordId", HavenClient.Hidden(conversation.Html, "RecordId")!),
            RawPart.Field("Text", "twice"),
            RawPart.FileStar("one.pdf", Bytes(RandomBytes(50_000))),
        ];

        // The message one after the other; the reply below twice at the same moment.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(person, "/conversation", Message())).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(person, "/conversation", Message())).Status);
        Assert.Equal((1, 2, 1), await CountsAsync(server));

        using var admin = await AdminAsync(server);
        var form = await admin.GetAsync($"/desk/case/{caseId}/reply");
        List<RawPart> Reply() =>
        [
            RawPart.Field("__af", HavenClient.Hidden(form.Html, "__af")!),
            RawPart.Field("RecordId", HavenClient.Hidden(form.Html, "RecordId")!),
            RawPart.Field("Text", "twice"),
            RawPart.FileStar("one.pdf", Bytes(RandomBytes(50_000))),
            RawPart.FileStar("two.pdf", Bytes(RandomBytes(50_000))),
        ];
        var replies = await Task.WhenAll(PostAsync(admin, $"/desk/case/{caseId}/reply", Reply()), PostAsync(admin, $"/desk/case/{caseId}/reply", Reply()));
        Assert.All(replies, r => Assert.Equal(HttpStatusCode.Redirect, r.Status));
        Assert.Equal((1, 3, 3), await CountsAsync(server));
        await AssertBlobsMatchRowsAsync(server);
    }

    private static async Task AssertBlobsMatchRowsAsync(HavenServer server)
    {
        await using var db = await DbAsync(server);
        var ids = await db.Files.Select(f => f.Id).ToListAsync();
        Assert.Equal(ids.Order(StringComparer.Ordinal), BlobFiles(server));
    }

    private static async Task<(HttpStatusCode Status, string Html)> PostAsync(HavenClient client, string path, IEnumerable<RawPart> parts)
    {
        using var body = new RawMultipart(parts);
        using var response = await client.Http.PostAsync(path, body);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
