using System.Collections.Concurrent;
using Haven.Tests;

namespace Haven.Web.Tests.Canary;

/// <summary>
/// The system's temporary folder, where a web framework buffers large uploads by default. Haven must never
/// do that with what people send: <see cref="Watch"/> reads every file that appears there while a test runs
/// (such buffers are deleted when the request ends, so a scan afterwards would miss them), and
/// <see cref="ChangedSince"/> lists, for a scan afterwards, the files created or written since a moment.
/// </summary>
internal static class TempFiles
{
    /// <summary>
    /// Every regular, non-empty file under the temporary folder (recursively, symbolic links not followed)
    /// created or written at or after <paramref name="since"/>. Other processes work in the same folder:
    /// anything that vanishes or cannot be read is passed over.
    /// </summary>
    public static List<string> ChangedSince(DateTime since)
    {
        var found = new List<string>();
        var folders = new Stack<string>([Path.GetTempPath()]);
        while (folders.TryPop(out var folder))
        {
            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true }).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                try
                {
                    if (entry.LinkTarget is not null)
                    {
                        continue;
                    }

                    if (entry is DirectoryInfo directory)
                    {
                        folders.Push(directory.FullName);
                    }
                    else if (entry is FileInfo { Length: > 0 } file && (file.CreationTimeUtc >= since || file.LastWriteTimeUtc >= since))
                    {
                        // A named pipe reports length 0 and is left out, so reading never blocks.
                        found.Add(file.FullName);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }

        return found;
    }

    /// <summary>Starts reading every file created or written directly in the temporary folder, for <paramref name="secrets"/>.</summary>
    public static TempWatch Watch(IReadOnlyCollection<string> secrets) => new(secrets);
}

/// <summary>What <see cref="TempFiles.Watch"/> saw: every secret found in a file of the temporary folder while it ran.</summary>
internal sealed class TempWatch : IDisposable
{
    private readonly FileSystemWatcher _watcher;
    private readonly IReadOnlyCollection<string> _secrets;
    private readonly ConcurrentDictionary<PlaintextHit, byte> _hits = new();
    private readonly ConcurrentDictionary<string, byte> _seen = new();

    public TempWatch(IReadOnlyCollection<string> secrets)
    {
        _secrets = secrets;
        _watcher = new FileSystemWatcher(Path.GetTempPath())
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            InternalBufferSize = 64 * 1024,
        };
        _watcher.Created += (_, e) => Look(e.FullPath);
        _watcher.Changed += (_, e) => Look(e.FullPath);
        _watcher.Renamed += (_, e) => Look(e.FullPath);
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Secrets found, in any file that appeared in the temporary folder, however briefly.</summary>
    public IReadOnlyCollection<PlaintextHit> Hits => [.. _hits.Keys];

    /// <summary>The files looked at (to show the watch did watch).</summary>
    public IReadOnlyCollection<string> Seen => [.. _seen.Keys];

    public void Dispose() => _watcher.Dispose();

    /// <summary>
    /// Waits until the watch has looked at every file that appeared in the temporary folder up to now: it writes
    /// a file of its own there and waits until it has been looked at, since the watcher reports in order. The
    /// positive signal before asserting that nothing was found.
    /// </summary>
    public async Task CaughtUpAsync()
    {
        var sentinel = Path.Combine(Path.GetTempPath(), $"haven-watch-sentinel-{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(sentinel, "sentinel");
        try
        {
            await Eventually.UntilAsync("the temporary folder's watch to catch up", () => _seen.ContainsKey(sentinel));
        }
        finally
        {
            File.Delete(sentinel);
            _seen.TryRemove(sentinel, out _);
        }
    }

    private void Look(string path)
    {
        try
        {
            if (new FileInfo(path) is not { Exists: true, Length: > 0 } file || file.LinkTarget is not null)
            {
                return;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        _seen.TryAdd(path, 0);
        foreach (var hit in PlaintextScan.FindIn([path], _secrets, skipUnreadable: true))
        {
            _hits.TryAdd(hit, 0);
        }
    }
}
