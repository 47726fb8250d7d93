using System.Security.Cryptography;

namespace Haven.Files;

/// <summary>
/// The files of one message while it is being sent. Its blobs stay pending until <see cref="Publish"/>,
/// which the command calls just before it commits the record listing them (so that a record is never
/// committed, nor acknowledged, without its blobs in place), and <see cref="Commit"/> once that record is
/// committed. When the database refuses the record (<see cref="Unpublish"/>) the blobs are pending again.
/// Disposing an uncommitted batch deletes its pending blobs, so a refused message leaves nothing behind;
/// blobs still published (a failure other than a refusal, whose outcome the database may not have reported)
/// are marked for a check (<see cref="BlobStore.MarkForCheck"/>): the next periodic
/// <see cref="BlobSweep.CheckMarkedAsync"/> keeps them only if their record was committed after all. Keys
/// are wiped on dispose. With several nodes (<paramref name="shared"/>), the quota is reserved in the database
/// instead of this process, in grants of up to <see cref="GrantStep"/> so that a file costs few round trips.
/// </summary>
internal sealed class FileBatch(BlobStore store, StorageQuota quota, SharedQuota? shared = null) : IDisposable
{
    /// <summary>What a batch asks the shared quota for at once (4 MiB) when the quota has ample room; near the quota, only what it needs.</summary>
    public const long GrantStep = 4 * 1024 * 1024;

    private readonly List<ReceivedFile> _files = [];
    private readonly List<string> _pending = [];
    private readonly HashSet<string> _published = new(StringComparer.Ordinal);

    /// <summary>This batch's row in <c>upload_reservations</c> (with a shared quota).</summary>
    private readonly string _reservationId = Crypto.RandomId.New();

    private long _reserved;

    /// <summary>Bytes the shared quota has granted this batch; <see cref="_reserved"/> of them are taken.</summary>
    private long _granted;

    private bool _committed;

    public IReadOnlyList<ReceivedFile> Files => _files;

    public int Count => _files.Count;

    /// <summary>True once the record listing these files is committed and the blobs are final.</summary>
    public bool IsCommitted => _committed;

    /// <summary>Registers a pending blob before anything is written to it, so that dispose removes it in any case.</summary>
    public void Track(string id) => _pending.Add(id);

    /// <summary>Reserves quota for bytes about to be written; false when the quota would be exceeded.</summary>
    public async Task<bool> ReserveAsync(long bytes, CancellationToken cancellationToken)
    {
        if (shared is null)
        {
            if (!quota.TryReserve(bytes))
            {
                return false;
            }
        }
        else if (_reserved + bytes > _granted)
        {
            var need = _reserved + bytes - _granted;
            var granted = await shared.TryReserveAsync(_reservationId, need, Math.Max(need, GrantStep), cancellationToken);
            if (granted == 0)
            {
                return false;
            }

            _granted += granted;
        }

        _reserved += bytes;
        return true;
    }

    public void Add(ReceivedFile file) => _files.Add(file);

    /// <summary>The rows that record the files in the database, added in the same transaction as their record.</summary>
    public IEnumerable<StoredFile> Rows(string caseId, string recordId, DateOnly today) =>
        _files.Select(f => new StoredFile { Id = f.Id, CaseId = caseId, RecordId = recordId, Length = f.BlobLength, CreatedOn = today });

    /// <summary>
    /// The first entry of each file's custody log (docs/evidence.md, "Custody log"): <c>file.received</c>, subject the
    /// file id, saved with the record that lists the files. Content-free: no name, size or hash, only the random id.
    /// </summary>
    public IEnumerable<Audit.AuditEvent> ReceivedEvents(string caseId) =>
        _files.Select(f => new Audit.AuditEvent(Evidence.Custody.CustodyActions.Received, caseId, f.Id));

    public List<FileAttachment>? Attachments() => _files.Count == 0 ? null : _files.Select(f => f.ToAttachment()).ToList();

    /// <summary>
    /// Puts the blobs in place, before the record listing them is committed: each pending blob is renamed to
    /// its final name and the folder is flushed, so that the names survive a power cut that the record
    /// survives. Called again (a retried commit), it does nothing more. If a blob cannot be renamed, the ones
    /// this call renamed are made pending again and <see cref="BlobNotInPlaceException"/> is thrown: the record
    /// must not be committed.
    /// </summary>
    public void Publish()
    {
        var renamed = new List<string>();
        try
        {
            foreach (var file in _files.Where(f => !_published.Contains(f.Id)))
            {
                store.Publish(file.Id);
                renamed.Add(file.Id);
                _published.Add(file.Id);
            }
        }
        catch (BlobNotInPlaceException)
        {
            // Nothing listing these blobs was committed yet: pending again, they go with the batch.
            foreach (var id in renamed)
            {
                store.Unpublish(id);
                _published.Remove(id);
            }

            throw;
        }

        if (renamed.Count > 0)
        {
            Storage.FolderSync.Flush(store.Folder);
        }
    }

    /// <summary>
    /// The record listing the files is committed (its blobs were published before): they are counted
    /// against the quota and no longer in flight.
    /// </summary>
    public void Commit()
    {
        System.Diagnostics.Debug.Assert(_published.Count == _files.Count, "A record was committed with files that were not published first.");
        foreach (var id in _published)
        {
            store.Settle(id);
        }

        quota.AddUsed(_files.Sum(f => f.BlobLength));
        _committed = true;
    }

    /// <summary>
    /// The commit failed with the database's refusal (<c>DbUpdateException</c>: nothing of it was stored, a
    /// sequence number or a record id was taken meanwhile): the published blobs are renamed back to pending,
    /// so that a retry publishes them again and a dispose deletes them.
    /// </summary>
    public void Unpublish()
    {
        foreach (var id in _published)
        {
            store.Unpublish(id);
        }

        _published.Clear();
    }

    public void Dispose()
    {
        if (!_committed)
        {
            foreach (var id in _pending)
            {
                store.DeletePending(id);
            }

            // Published and not known to be committed: whether the database kept the record is the sweep's to check.
            foreach (var id in _published)
            {
                store.MarkForCheck(id);
            }
        }

        if (shared is null)
        {
            quota.Release(_reserved);
        }
        else if (_granted > 0)
        {
            shared.Release(_reservationId);
        }

        _reserved = 0;
        _granted = 0;
        foreach (var file in _files)
        {
            CryptographicOperations.ZeroMemory(file.Key);
        }
    }
}
