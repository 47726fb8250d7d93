using System.Net;
using Haven.Web.Tests.Infrastructure;
using static Haven.Web.Tests.Files.FileTestKit;

namespace Haven.Web.Tests.Files;

public sealed class UploadLimitTests
{
    private const int MiB = 1024 * 1024;

    [Theory]
    [InlineData("en", "A file is larger than 1 MB. Nothing was sent", "Please, we are hiding near the station")]
    [InlineData("ru", "Один из файлов больше 1 МБ. Ничего не отправлено", "Пожалуйста, мы прячемся у вокзала")]
    public async Task A_file_over_the_limit_is_refused_with_413_and_leaves_nothing(string language, string message, string text)
    {
        await using var server = await HavenServer.StartAsync("--Haven:Files:MaxFileBytes=1048576");
        using var person = await PersonAsync(server, language);
        var page = await person.SubmitRequestWithFilesAsync(text, [("small.pdf", Bytes(RandomBytes(1000))), ("big.mov", Bytes(RandomBytes(3 * MiB))), ("after.pdf", Bytes(RandomBytes(1000)))]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, page.Status);
        Assert.Contains(message, page.Html, StringComparison.Ordinal);
        Assert.Contains($">{text}</textarea>", page.Html, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), await CountsAsync(server));
        Assert.Empty(BlobFiles(server));

        // The form shown again works: the same person sends within the limit.
        var again = await person.SubmitRequestWithFilesAsync(text, [("small.pdf", Bytes(RandomBytes(MiB)))]);
        Assert.Equal("/sent", again.Location.AbsolutePath);
        Assert.Equal((1, 1, 1), await CountsAsync(server));
        Assert.Single(BlobFiles(server));
    }

    [Fact]
    public async Task A_file_over_the_limit_in_a_message_or_a_reply_is_refused_too()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Files:MaxFileBytes=1048576");
        var (person, caseId) = await PersonWithCaseAsync(server);
        using var _ = person;
        var message = await person.SendMessageWithFilesAsync("Here is the video.", [("video.mp4", Bytes(RandomBytes(3 * MiB)))]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, message.Status);
        Assert.Contains("A file is larger than 1 MB.", message.Html, StringComparison.Ordinal);
        Assert.Contains(">Here is the video.</textarea>", message.Html, StringComparison.Ordinal);

        using var admin = await AdminAsync(server);
        var reply = await ReplyWithFilesAsync(admin, caseId, "The plan is attached.", [("plan.pdf", Bytes(RandomBytes((2 * MiB) + 1)))]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
        Assert.Contains("A file is larger than 1 MB.", reply.Html, StringComparison.Ordinal);
        Assert.Contains(">The plan is attached.</textarea>", reply.Html, StringComparison.Ordinal);

        Assert.Equal((1, 1, 0), await CountsAsync(server));
        Assert.Empty(BlobFiles(server));

        // Exactly at the limit is fine.
        var atLimit = await person.SendMessageWithFilesAsync("Here is a shorter one.", [("video.mp4", Bytes(RandomBytes(MiB)))]);
        Assert.Equal("/conversation", atLimit.Location.AbsolutePath);
        Assert.Equal((1, 2, 1), await CountsAsync(server));
    }

    [Theory]
    [InlineData("en", "At most 2 files can be sent at once. Nothing was sent")]
    [InlineData("ru", "За один раз можно отправить не больше 2 файлов. Ничего не отправлено")]
    public async Task Too_many_files_are_refused_with_413_and_leave_nothing(string language, string message)
    {
        await using var server = await HavenServer.StartAsync("--Haven:Files:MaxFilesPerMessage=2");
        using var person = await PersonAsync(server, language);
        var page = await person.SubmitRequestWithFilesAsync("three files", [("1.pdf", Bytes(RandomBytes(100_000))), ("2.pdf", Bytes(RandomBytes(100_000))), ("3.pdf", Bytes(RandomBytes(100_000)))]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, page.Status);
        Assert.Contains(message, page.Html, StringComparison.Ordinal);
        Assert.Contains(">three files</textarea>", page.Html, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), await CountsAsync(server));
        Assert.Empty(BlobFiles(server));

        var two = await person.SubmitRequestWithFilesAsync("two files", [("1.pdf", Bytes(RandomBytes(100_000))), ("2.pdf", Bytes(RandomBytes(100_000)))]);
        Assert.Equal("/sent", two.Location.AbsolutePath);

        // A follow-up with too many is refused the same way, and what was stored before stays.
        var more = await person.SendMessageWithFilesAsync("three more", [("1.pdf", Bytes(RandomBytes(10))), ("2.pdf", Bytes(RandomBytes(10))), ("3.pdf", Bytes(RandomBytes(10)))]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, more.Status);
        Assert.Contains(message, more.Html, StringComparison.Ordinal);
        Assert.Equal((1, 1, 2), await CountsAsync(server));
        Assert.Equal(2, BlobFiles(server).Count);
    }

    [Theory]
    [InlineData("en", "The service cannot store more files right now. Nothing was sent")]
    [InlineData("ru", "Сейчас сервис не может принять больше файлов. Ничего не отправлено")]
    public async Task Files_over_the_storage_quota_are_refused_with_507_and_leave_nothing(string language, string message)
    {
        await using var server = await HavenServer.StartAsync("--Haven:Files:QuotaBytes=300000");
        using var person = await PersonAsync(server, language);
        var first = await person.SubmitRequestWithFilesAsync("first", [("a.pdf", Bytes(RandomBytes(200_000)))]);
        Assert.Equal("/sent", first.Location.AbsolutePath);
        Assert.Equal((1, 1, 1), await CountsAsync(server));

        // 200 kB are used: 150 kB more do not fit, though alone they would.
        var over = await person.SendMessageWithFilesAsync("second", [("b.pdf", Bytes(RandomBytes(150_000)))]);
        Assert.Equal(HttpStatusCode.InsufficientStorage, over.Status);
        Assert.Contains(message, over.Html, StringComparison.Ordinal);
        Assert.Contains(">second</textarea>", over.Html, StringComparison.Ordinal);
        Assert.Equal((1, 1, 1), await CountsAsync(server));
        Assert.Single(BlobFiles(server));

        // A new person's request over the quota leaves no case behind either.
        using var other = await PersonAsync(server, language);
        var refused = await other.SubmitRequestWithFilesAsync("another", [("c.pdf", Bytes(RandomBytes(150_000)))]);
        Assert.Equal(HttpStatusCode.InsufficientStorage, refused.Status);
        Assert.Equal((1, 1, 1), await CountsAsync(server));
        Assert.Single(BlobFiles(server));

        // What fits still goes.
        var small = await person.SendMessageWithFilesAsync("third", [("d.pdf", Bytes(RandomBytes(50_000)))]);
        Assert.Equal("/conversation", small.Location.AbsolutePath);
        Assert.Equal((1, 2, 2), await CountsAsync(server));
    }
}
