using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Haven.Cases;
using Haven.Crypto;
using Haven.Storage;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Interop;

/// <summary>A file to send: its name, declared type and bytes.</summary>
internal sealed record SentFile(string Name, string Type, byte[] Bytes)
{
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Bytes));

    public (string FileName, HttpContent Content) ToPart()
    {
        var content = new ByteArrayContent(Bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(Type);
        return (Name, content);
    }

    /// <summary>Random bytes, with <paramref name="marker"/> (if any) written at several places, across chunk boundaries too.</summary>
    public static byte[] RandomBytes(int length, byte[]? marker = null)
    {
        var bytes = RandomNumberGenerator.GetBytes(length);
        if (marker is not null)
        {
            foreach (var at in new[] { 0L, 65536 - (marker.Length / 2), 65536 + 1000, 2L * 65536 - 3, length - marker.Length })
            {
                if (at >= 0 && at + marker.Length <= length)
                {
                    marker.CopyTo(bytes, at);
                }
            }
        }

        return bytes;
    }
}

/// <summary>The case written with files, and the ids of the files of its first request and its reply.</summary>
internal sealed record FileCase(string CaseId, string Receipt, IReadOnlyList<string> RequestFileIds, IReadOnlyList<string> ReplyFileIds);

/// <summary>
/// A person sends a request with files through the intake form, and the administrator answers from the desk
/// with a reply that carries files: both as a browser posts them (streamed multipart, token first).
/// </summary>
internal static class FileScenario
{
    public static async Task<FileCase> WriteAsync(HavenServer server, HavenClient responder, string request, IReadOnlyList<SentFile> requestFiles, string reply, IReadOnlyList<SentFile> replyFiles, Action<HavenClient>? configure = null)
    {
        configure?.Invoke(responder);
        using var person = server.CreateClient();
        configure?.Invoke(person);
        var receipt = await person.AskForHelpAsync();
        var sent = await person.SubmitRequestWithFilesAsync(request, requestFiles.Select(f => f.ToPart()));
        Assert.True(sent.Status == HttpStatusCode.OK && sent.Location.AbsolutePath.EndsWith("/sent", StringComparison.Ordinal), $"The request with files was not sent: {sent.Status} {sent.Location}");

        var login = await responder.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        Assert.Equal("/desk", login.Location.AbsolutePath);
        var caseId = Assert.Single(await responder.InboxCaseIdsAsync());
        var replied = await ReplyWithFilesAsync(responder, caseId, reply, replyFiles);
        Assert.True(replied.Status == HttpStatusCode.OK && replied.Location.AbsolutePath == $"/desk/case/{caseId}", $"The reply with files was not sent: {replied.Status} {replied.Location}");

        var (requestIds, replyIds) = (await FileIdsAsync(server, caseId, "request"), await FileIdsAsync(server, caseId, "reply"));
        Assert.Equal(requestFiles.Count, requestIds.Count);
        Assert.Equal(replyFiles.Count, replyIds.Count);
        return new FileCase(caseId, receipt, requestIds, replyIds);
    }

    /// <summary>
    /// The ids of the files of the case's first record of <paramref name="kind"/>, in the order they were sent
    /// (as the record lists them; the <c>files</c> table has no order), checked against the table.
    /// </summary>
    public static async Task<List<string>> FileIdsAsync(HavenServer server, string caseId, string kind)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<HavenDbContext>>().CreateDbContextAsync();
        var record = await db.Records.AsNoTracking().Where(r => r.CaseId == caseId && r.Kind == kind).OrderBy(r => r.Seq).FirstAsync();
        var rows = await db.Files.AsNoTracking().Where(f => f.RecordId == record.Id).Select(f => f.Id).ToListAsync();
        using var recovery = X25519KeyPair.FromSecretKey(server.RecoverySecretKey);
        var keys = await CaseRecords.OpenCaseKeysAsync(db, caseId, null, recovery, CancellationToken.None);
        try
        {
            var content = CaseRecords.Open(record, record.KeyForCase, keys[record.KeyGeneration]);
            var listed = content?.Files?.Select(f => f.Id).ToList() ?? [];
            Assert.Equal(rows.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
            return listed;
        }
        finally
        {
            foreach (var key in keys.Values)
            {
                key.Dispose();
            }
        }
    }

    /// <summary>The desk's reply form with files, as the reply page renders it.</summary>
    public static async Task<HavenClient.Page> ReplyWithFilesAsync(HavenClient responder, string caseId, string text, IEnumerable<SentFile> files)
    {
        var page = await responder.GetAsync($"/desk/case/{caseId}/reply");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return await responder.PostMultipartAsync(
            $"/desk/case/{caseId}/reply",
            [new("__af", HavenClient.Hidden(page.Html, "__af")!), new("RecordId", HavenClient.Hidden(page.Html, "RecordId")!), new("Text", text)],
            files.Select(f => f.ToPart()));
    }
}
