using System.Diagnostics;
using System.Text.Json;
using Haven.Accounts;
using Haven.Evidence.Bundles;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Interop;
using Haven.Web.Tests.Record;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Evidence;

/// <summary>
/// A case with files written through the real intake and desk, and its bundle built by the server's own
/// <see cref="BuildBundleCommand"/> with the administrator's live session keys, written to a file of the test.
/// </summary>
internal sealed class BundleScenario : IDisposable
{
    private BundleScenario(HavenServer server, HavenClient admin, FileCase written, IReadOnlyList<SentFile> sent)
    {
        Server = server;
        Admin = admin;
        Case = written;
        Sent = sent;
    }

    public HavenServer Server { get; }

    /// <summary>The administrator, logged in on the desk.</summary>
    public HavenClient Admin { get; }

    public FileCase Case { get; }

    /// <summary>The files sent, request's first then reply's, in the order of <see cref="FileIds"/>.</summary>
    public IReadOnlyList<SentFile> Sent { get; }

    public IEnumerable<string> FileIds => Case.RequestFileIds.Concat(Case.ReplyFileIds);

    public TempFolder Folder { get; } = new("haven-bundle-test-");

    public UnlockedResponder Keys => DocumentationAccess.Session(Server, HavenServer.AdminName);

    public BuildBundleCommand Command => Server.Services.GetRequiredService<BuildBundleCommand>();

    /// <summary>A person sends <paramref name="request"/>'s files, the administrator replies with <paramref name="reply"/>'s.</summary>
    public static async Task<BundleScenario> WriteAsync(HavenServer server, IReadOnlyList<SentFile> request, IReadOnlyList<SentFile> reply)
    {
        var admin = server.CreateClient();
        var written = await FileScenario.WriteAsync(server, admin, "the bus stop, the third night", request, "we have your files", reply);
        return new BundleScenario(server, admin, written, [.. request, .. reply]);
    }

    /// <summary>Photos across the secretstream's 64 KiB chunks, and a small reply file.</summary>
    public static Task<BundleScenario> WriteDefaultAsync(HavenServer server) => WriteAsync(
        server,
        [new("photo of the bruise.jpg", "image/jpeg", SentFile.RandomBytes(300_000)), new("протокол задержания.pdf", "application/pdf", SentFile.RandomBytes(1_200_000))],
        [new("what to do next.txt", "text/plain", "Keep the originals somewhere safe.\n"u8.ToArray())]);

    public BundleRequest Request(BundleRecipient recipient, IEnumerable<string>? fileIds = null, IReadOnlyList<BundleEvent>? events = null) =>
        new([.. (fileIds ?? FileIds).Select(id => new BundleItem(Case.CaseId, id))], events ?? [], recipient);

    public Task<BundlePreparation> PrepareAsync(BundleRequest request) => Command.PrepareAsync(request, Keys, CancellationToken.None);

    /// <summary>Prepares and writes the bundle into this scenario's folder; returns its path and plan.</summary>
    public async Task<(string Path, BundlePlan Plan)> BuildAsync(BundleRecipient recipient, IEnumerable<string>? fileIds = null, IReadOnlyList<BundleEvent>? events = null)
    {
        var prepared = await PrepareAsync(Request(recipient, fileIds, events));
        Assert.Null(prepared.Refusal);
        var plan = prepared.Plan!;
        var path = Folder[plan.FileName];
        await using (var output = File.Create(path))
        {
            await Command.WriteAsync(plan, output, null, CancellationToken.None);
        }

        return (path, plan);
    }

    /// <summary>Runs a tool (tar, sha256sum) in <paramref name="folder"/>.</summary>
    public static (int Exit, string Stdout, string Stderr) Tool(string folder, string name, params string[] args)
    {
        var start = new ProcessStartInfo(name) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Unpacks <paramref name="tar"/> with <c>tar -x</c> into a new folder; returns it and the entries in archive order.</summary>
    public (string Folder, string[] Entries) Unpack(string tar)
    {
        var into = Folder["unpacked-" + Guid.NewGuid().ToString("N")];
        Directory.CreateDirectory(into);
        var (exit, _, stderr) = Tool(into, "tar", "-x", "-f", tar);
        Assert.True(exit == 0, "tar -x failed: " + stderr);
        var (listed, list, _) = Tool(into, "tar", "-t", "-f", tar);
        Assert.Equal(0, listed);
        return (into, list.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    public static JsonElement Manifest(string folder) => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "manifest.json"))).RootElement;

    public void Dispose()
    {
        Admin.Dispose();
        Folder.Dispose();
    }
}
