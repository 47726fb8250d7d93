using System.Net;
using System.Net.Http.Headers;
using Haven.Storage;
using Haven.Tests;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Interop;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Workflow.WorkflowDesk;

namespace Haven.Web.Tests.Evidence;

/// <summary>
/// Capture-app proofs over real HTTP: a person attaches ProofMode bundles (made with gpg) to a request on the
/// intake's plain form, and the responder's file page shows each check, in English and Russian; a tampered or
/// hostile bundle is named on a page that still answers 200, never 500.
/// </summary>
public sealed class ProofModeHttpTests(GpgKeys gpg) : IClassFixture<GpgKeys>
{
    [Fact]
    public async Task The_same_bundle_page_opened_many_times_at_once_holds_at_most_two_bundles_in_memory_and_answers_every_view()
    {
        await using var server = await HavenServer.StartAsync();
        var media = ProofModeBundle.Media();
        var bundle = ProofModeBundle.Zip(ProofModeBundle.Entries(gpg, media, notes: "one of many views"));
        var (caseId, fileIds) = await PersonSendsAsync(server, ("proofmode.zip", "application/zip", bundle));
        var fileId = Assert.Single(fileIds);

        using var admin = await LoginAdminAsync(server);
        var pages = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => admin.GetAsync($"/desk/case/{caseId}/files/{fileId}")));
        Assert.All(pages, page => Assert.Equal(HttpStatusCode.OK, page.Status));
        Assert.All(pages, page => Assert.Contains("id=\"proof-valid\"", page.Html, StringComparison.Ordinal));
        var proofs = server.Services.GetRequiredService<Haven.Evidence.CaptureProofQuery>();
        Assert.InRange(proofs.PeakInFlight, 1, Haven.Evidence.CaptureProofQuery.MaxConcurrentChecks);
    }

    [Fact]
    public async Task A_bundle_sent_on_the_intake_shows_every_check_passed_with_gpgs_fingerprint_and_the_capture_time_on_the_file_page()
    {
        await using var server = await HavenServer.StartAsync();
        var media = ProofModeBundle.Media();
        var hash = ProofModeBundle.Sha256(media);
        var bundle = ProofModeBundle.Zip(ProofModeBundle.Entries(gpg, media, notes: "taken from the bus window"));
        var (caseId, fileIds) = await PersonSendsAsync(server, ("proofmode-0x1234-2026-12-05.zip", "application/zip", bundle));
        var fileId = Assert.Single(fileIds);

        using var admin = await LoginAdminAsync(server);
        var page = await admin.GetAsync($"/desk/case/{caseId}/files/{fileId}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("id=\"proof-valid\"", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"proof-invalid\"", page.Html, StringComparison.Ordinal);
        Assert.Contains($"<code class=\"hash\" id=\"proof-fingerprint\">{gpg.Signer}</code>", page.Html, StringComparison.Ordinal);
        Assert.Contains("ProofMode test &lt;signer@proofmode.test&gt;", page.Html, StringComparison.Ordinal);
        Assert.Contains($"id=\"proof-{hash}\" data-passed=\"true\"", page.Html, StringComparison.Ordinal);
        foreach (var kind in new[] { "MediaSignature", "MediaHash", "ProofJsonSignature", "ProofCsvSignature", "Claims" })
        {
            Assert.Contains($"id=\"check-{hash}-{kind}\" data-status=\"Passed\"", page.Html, StringComparison.Ordinal);
        }

        Assert.Contains($"matches the proof: {hash}", page.Html, StringComparison.Ordinal);
        Assert.Contains($"id=\"proof-capture-time-{hash}\"><bdi>2026-12-05T10:15:00.123Z</bdi>", page.Html, StringComparison.Ordinal);
        Assert.Contains("43.3169, 45.6981", page.Html, StringComparison.Ordinal);
        Assert.Contains("taken from the bus window", page.Html, StringComparison.Ordinal);
        Assert.Contains("PXL_20261205_101500123.jpg", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page.Html, StringComparison.OrdinalIgnoreCase);

        // The same in Russian.
        using var russian = server.CreateClient("ru");
        Assert.Equal("/desk", (await russian.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode(1))).Location.AbsolutePath);
        var ru = await russian.GetAsync($"/desk/case/{caseId}/files/{fileId}");
        Assert.Equal(HttpStatusCode.OK, ru.Status);
        Assert.Contains("Доказательство из приложения съёмки (ProofMode)", ru.Html, StringComparison.Ordinal);
        Assert.Contains("Все проверки пройдены", ru.Html, StringComparison.Ordinal);
        Assert.Contains($"совпадает с доказательством: {hash}", ru.Html, StringComparison.Ordinal);

        // A file that is no zip gets no proof section at all.
        var (plainCase, plainIds) = await PersonSendsAsync(server, ("photo.jpg", "image/jpeg", ProofModeBundle.Media(5000)));
        var plain = await admin.GetAsync($"/desk/case/{plainCase}/files/{Assert.Single(plainIds)}");
        Assert.Equal(HttpStatusCode.OK, plain.Status);
        Assert.DoesNotContain("id=\"capture-proof\"", plain.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tampered_and_hostile_bundles_are_named_on_the_file_page_and_never_answer_500()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Evidence:MaxExpandedBytes=67108864");
        var media = ProofModeBundle.Media();
        var hash = ProofModeBundle.Sha256(media);
        var changed = (byte[])media.Clone();
        changed[77] ^= 0x20;
        var tampered = ProofModeBundle.Zip(ProofModeBundle.Entries(gpg, media).With("PXL_20261205_101500123.jpg", changed));
        var otherKey = ProofModeBundle.Zip(ProofModeBundle.Entries(gpg, media).With($"{hash}.asc", gpg.Sign(gpg.Other, media)));
        var noSignature = ProofModeBundle.Zip(ProofModeBundle.Entries(gpg, media).With($"{hash}.asc", null).With("pubkey.asc", null));
        var traversal = ProofModeBundle.Entries(gpg, media);
        traversal.Add(("../../../../var/lib/haven/instance.key", "x"u8.ToArray()));
        var bomb = ProofModeBundle.Entries(gpg, ProofModeBundle.Media(1000));
        bomb.Add(("video.mp4", new byte[96 * 1024 * 1024]));
        var cut = ProofModeBundle.Zip(ProofModeBundle.Entries(gpg, media));

        var (caseId, ids) = await PersonSendsAsync(
            server,
            ("tampered.zip", "application/zip", tampered),
            ("other-key.zip", "application/zip", otherKey),
            ("no-signature.zip", "application/zip", noSignature),
            ("traversal.zip", "application/zip", ProofModeBundle.Zip(traversal)),
            ("bomb.zip", "application/zip", ProofModeBundle.Zip(bomb)),
            ("cut.zip", "application/zip", cut[..(cut.Length / 2)]),
            ("not-a-zip.zip", "application/zip", "PK\u0003\u0004 and then not a zip at all"u8.ToArray()));

        using var admin = await LoginAdminAsync(server);
        async Task<string> PageOf(int index)
        {
            var page = await admin.GetAsync($"/desk/case/{caseId}/files/{ids[index]}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains("id=\"capture-proof\"", page.Html, StringComparison.Ordinal);
            return page.Html;
        }

        var html = await PageOf(0);
        Assert.Contains("id=\"proof-invalid\"", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"check-{hash}-MediaHash\" data-status=\"Failed\"", html, StringComparison.Ordinal);
        Assert.Contains($"does not match: the media file&#x27;s SHA-256 is {ProofModeBundle.Sha256(changed)}, the proof claims {hash}.", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"check-{hash}-MediaSignature\" data-status=\"Failed\"", html, StringComparison.Ordinal);

        html = await PageOf(1);
        Assert.Contains($"id=\"check-{hash}-MediaSignature\" data-status=\"OtherKey\"", html, StringComparison.Ordinal);
        Assert.Contains($"invalid: made by another key ({gpg.Other[^16..]})", html, StringComparison.Ordinal);

        html = await PageOf(2);
        Assert.Contains("id=\"proof-key\" data-status=\"Missing\"", html, StringComparison.Ordinal);
        Assert.Contains("Missing: the bundle has no pubkey.asc", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"check-{hash}-MediaSignature\" data-status=\"Missing\"", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"check-{hash}-ProofJsonSignature\" data-status=\"NoKey\"", html, StringComparison.Ordinal);

        Assert.Contains("data-reason=\"HostileName\"", await PageOf(3), StringComparison.Ordinal);
        Assert.Contains("data-reason=\"ExpandsTooMuch\"", await PageOf(4), StringComparison.Ordinal);
        Assert.Contains("data-reason=\"Unreadable\"", await PageOf(5), StringComparison.Ordinal);
        Assert.Contains("data-reason=\"Unreadable\"", await PageOf(6), StringComparison.Ordinal);
        Assert.Contains("a zip bomb", await PageOf(4), StringComparison.Ordinal);
    }

    private static async Task<(string CaseId, List<string> FileIds)> PersonSendsAsync(HavenServer server, params (string Name, string Type, byte[] Bytes)[] files)
    {
        var factory = server.Services.GetRequiredService<IDbContextFactory<HavenDbContext>>();
        List<string> before;
        await using (var db = await factory.CreateDbContextAsync())
        {
            before = await db.Cases.AsNoTracking().Select(c => c.Id).ToListAsync();
        }

        using var person = server.CreateClient();
        await person.AskForHelpAsync();
        var sent = await person.SubmitRequestWithFilesAsync("my proof from the phone", files.Select(f =>
        {
            var content = new ByteArrayContent(f.Bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(f.Type);
            return (f.Name, (HttpContent)content);
        }));
        Assert.True(sent.Status == HttpStatusCode.OK && sent.Location.AbsolutePath.EndsWith("/sent", StringComparison.Ordinal), $"Not sent: {sent.Status} {sent.Location}");
        await using var after = await factory.CreateDbContextAsync();
        var caseId = Assert.Single((await after.Cases.AsNoTracking().Select(c => c.Id).ToListAsync()).Except(before));
        return (caseId, await FileScenario.FileIdsAsync(server, caseId, "request"));
    }
}
