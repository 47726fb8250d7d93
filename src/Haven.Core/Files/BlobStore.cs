using System.Collections.Concurrent;
using Haven.Crypto;
using Haven.Storage;

namespace Haven.Files;

/// <summary>
/// Encrypted file blobs in the data directory's <c>blobs</c> folder, one file per blob named by its id. A
/// blob being written is <c>&lt;id&gt;.part</c>; it becomes <c>&lt;id&gt;</c> (<see cref="Publish"/>) just
/// before the record listing it is committed, so that no record is ever acknowledged without its blob in
/// place, and an interrupted upload never looks complete. Between the two a blob is "in flight": a sweep
/// leaves it alone until <see cref="Settle"/> (its record is committed) or <see cref="MarkForCheck"/> (whether
/// it was is not known). <see cref="BlobSweep"/> settles what a crash leaves behind (at start-up, the whole
/// folder) and, while the server runs, the blobs marked for a check. Blobs are ciphertext only
/// (<see cref="FileCipher"/>), created with mode 0600.
/// </summary>
/// <remarks>
/// The folder is <c>Haven:Blobs:Path</c> (<see cref="BlobOptions"/>), by default <c>&lt;data&gt;/blobs</c>. On
/// PostgreSQL several web nodes may share it, and each knows only its own uploads: a blob the database does not
/// know may be another node's, written or published and not yet committed. <see cref="MayBeInUse"/> says so
/// for a blob touched within <see cref="Grace"/>, or a pending one whose writer still holds it open.
/// </remarks>
internal sealed class BlobStore
{
    private const string PendingSuffix = ".part";

    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Final blobs whose row may or may not exist, for the next <see cref="BlobSweep.CheckMarkedAsync"/>; in memory only, so a crash empties it and the start-up sweep covers them.</summary>
    private readonly ConcurrentDictionary<string, byte> _toCheck = new(StringComparer.Ordinal);

    /// <param name="data">The data directory: the default folder is its <c>blobs</c>, and its provider says whether other nodes may share the folder.</param>
    /// <param name="options">Where the blobs are (<c>Haven:Blobs</c>); null for the defaults (the offline commands).</param>
    public BlobStore(DataDirectory data, BlobOptions? options = null)
    {
        options ??= new BlobOptions();
        Folder = string.IsNullOrEmpty(options.Path) ? Path.Combine(data.Path, "blobs") : Path.GetFullPath(options.Path);
        Grace = data.IsSqlite ? TimeSpan.Zero : TimeSpan.FromMinutes(options.SweepGraceMinutes);
    }

    public string Folder { get; }

    /// <summary>How long a blob the database does not know is left alone after it was last written: zero on SQLite (one node, which knows its own uploads).</summary>
    public TimeSpan Grace { get; }

    /// <summary>
    /// Checks at start-up that this node can use the folder: creates it (owner-only) if missing, then writes,
    /// flushes to disk and deletes a probe file and flushes the folder, as every blob is written.
    /// </summary>
    /// <exception cref="IOException">The folder cannot be reached or written (not mounted, read-only, full).</exception>
    /// <exception cref="UnauthorizedAccessException">This account may not write in it.</exception>
    public void Probe()
    {
        EnsureFolder();
        var probe = Path.Combine(Folder, ".probe-" + RandomId.New());
        try
        {
            using (var file = OwnerOnly.Open(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                file.Write(SodiumRandom.Bytes(64));
                file.Flush(flushToDisk: true);
            }

            FolderSync.Flush(Folder);
        }
        finally
        {
            File.Delete(probe);
        }

        FolderSync.Flush(Folder);
    }

    /// <summary>
    /// Whether a blob the database does not know may still belong to an upload of some node: written within
    /// <see cref="Grace"/> of <paramref name="now"/>, or (pending) held open by its writer. Always false on SQLite.
    /// </summary>
    public bool MayBeInUse(string id, bool pending, DateTime now)
    {
        if (Grace == TimeSpan.Zero)
        {
            return false;
        }

        var path = pending ? PendingPath(id) : FinalPath(id);
        if (!File.Exists(path))
        {
            return false;
        }

        if (now - File.GetLastWriteTimeUtc(path) < Grace)
        {
            return true;
        }

        return pending && IsHeldOpen(path);
    }

    /// <summary>A new pending blob to write the ciphertext into (see <see cref="BlobWriter"/>).</summary>
    public BlobWriter CreatePending(string id)
    {
        EnsureFolder();
        return new BlobWriter(OwnerOnly.Open(PendingPath(id), FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0));
    }

    /// <summary>
    /// Makes a pending blob final before its record is committed, and marks it in flight until
    /// <see cref="Settle"/>. Throws <see cref="BlobNotInPlaceException"/> when the pending blob cannot be
    /// renamed (gone, or the folder refuses): the record must then not be committed.
    /// </summary>
    public void Publish(string id)
    {
        _inFlight[Checked(id)] = 0;
        try
        {
            File.Move(PendingPath(id), FinalPath(id), overwrite: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _inFlight.TryRemove(id, out _);
            throw new BlobNotInPlaceException(e);
        }
    }

    /// <summary>
    /// Undoes <see cref="Publish"/> after the database refused the record: the blob is pending again (or, if it
    /// cannot be renamed back, deleted), and no longer in flight.
    /// </summary>
    public void Unpublish(string id)
    {
        try
        {
            File.Move(FinalPath(id), PendingPath(id), overwrite: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(FinalPath(id));
        }

        Settle(id);
    }

    /// <summary>The record of a published blob is committed: no longer in flight.</summary>
    public void Settle(string id) => _inFlight.TryRemove(id, out _);

    /// <summary>
    /// Whether the row of this final blob exists is not known (its record's commit failed in a way the database
    /// did not report, or a purge could not tell whether it deleted the row or could not delete the blob): no
    /// longer in flight, and checked by the next <see cref="BlobSweep.CheckMarkedAsync"/>, which keeps the blob
    /// if its row exists and deletes it if not.
    /// </summary>
    public void MarkForCheck(string id)
    {
        _toCheck[Checked(id)] = 0;
        _inFlight.TryRemove(id, out _);
    }

    /// <summary>The blobs marked for a check, as they are now.</summary>
    public HashSet<string> MarkedForCheck() => [.. _toCheck.Keys];

    /// <summary>A marked blob was checked (kept with its row, or deleted): no longer marked.</summary>
    public void Unmark(string id) => _toCheck.TryRemove(id, out _);

    /// <summary>The blobs published and not yet settled, as they are now.</summary>
    public HashSet<string> InFlight() => [.. _inFlight.Keys];

    /// <summary>Makes a pending blob final; true if it was pending (false if already final or gone). For the start-up sweep.</summary>
    public bool Commit(string id)
    {
        try
        {
            File.Move(PendingPath(id), FinalPath(id), overwrite: false);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (IOException) when (File.Exists(FinalPath(id)))
        {
            return false;
        }
    }

    /// <summary>Opens a final blob for reading, or null when it does not exist.</summary>
    public BlobReader? OpenRead(string id)
    {
        try
        {
            return new BlobReader(new FileStream(FinalPath(id), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Whether the final blob of <paramref name="id"/> is in place.</summary>
    public bool Exists(string id) => File.Exists(FinalPath(id));

    /// <summary>Deletes the blob, pending or final, if it exists.</summary>
    public void Delete(string id)
    {
        File.Delete(PendingPath(id));
        File.Delete(FinalPath(id));
    }

    /// <summary>Deletes only the pending blob, if it exists.</summary>
    public void DeletePending(string id) => File.Delete(PendingPath(id));

    /// <summary>The ids of the blobs on disk: final ones and pending ones.</summary>
    public (List<string> Final, List<string> Pending) List()
    {
        var final = new List<string>();
        var pending = new List<string>();
        if (!Directory.Exists(Folder))
        {
            return (final, pending);
        }

        foreach (var path in Directory.EnumerateFiles(Folder))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(PendingSuffix, StringComparison.Ordinal) && RandomId.IsValid(name[..^PendingSuffix.Length]))
            {
                pending.Add(name[..^PendingSuffix.Length]);
            }
            else if (RandomId.IsValid(name))
            {
                final.Add(name);
            }
        }

        return (final, pending);
    }

    /// <summary>Whether a writer holds the file (it is opened without sharing, which takes an exclusive lock on Unix).</summary>
    private static bool IsHeldOpen(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, bufferSize: 0);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private string PendingPath(string id) => Path.Combine(Folder, Checked(id) + PendingSuffix);

    private string FinalPath(string id) => Path.Combine(Folder, Checked(id));

    private static string Checked(string id)
    {
        // Ids come from the database or from random generation; checking them keeps any path out of reach.
        return RandomId.IsValid(id) ? id : throw new ArgumentException("Not a blob id.", nameof(id));
    }

    private void EnsureFolder()
    {
        if (Directory.Exists(Folder))
        {
            return;
        }

        OwnerOnly.CreateFolder(Folder);
    }
}
