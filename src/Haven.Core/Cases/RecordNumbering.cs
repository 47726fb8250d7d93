using Haven.Storage;

namespace Haven.Cases;

/// <summary>Gives records about to be added their final sequence numbers, under the write lock (<see cref="CaseRecords.RenumberPendingAsync"/>).</summary>
internal sealed class RecordNumbering : ISaveStep
{
    public Task BeforeSaveAsync(HavenDbContext db, CancellationToken cancellationToken) => CaseRecords.RenumberPendingAsync(db, cancellationToken);
}
