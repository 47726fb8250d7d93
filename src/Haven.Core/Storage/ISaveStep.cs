namespace Haven.Storage;

/// <summary>
/// A step an area runs on a context's pending changes just before the audited writer saves them, holding the
/// write lock (Cases numbers the records about to be added: <see cref="Cases.RecordNumbering"/>). The writer
/// knows only this interface, not the areas.
/// </summary>
internal interface ISaveStep
{
    Task BeforeSaveAsync(HavenDbContext db, CancellationToken cancellationToken);
}
