using Haven.Storage;

namespace Haven.Audit;

/// <summary>
/// What <see cref="AuditedWriter.WriteAsync{T}"/> hands its work: the context, made under the write lock (and in
/// the writer's transaction when one was asked for), and the one way to save it with its audit entries.
/// </summary>
internal sealed class WriteScope(HavenDbContext db, AuditedWriter writer)
{
    /// <summary>The context to read and write through; the writer disposes it.</summary>
    public HavenDbContext Db { get; } = db;

    /// <summary>Whether a save succeeded: the writer commits its transaction only then.</summary>
    public bool Saved { get; private set; }

    /// <summary>Saves the pending changes of <see cref="Db"/> together with the audit entries for them.</summary>
    public async Task SaveAsync(AuditActor actor, IEnumerable<AuditEvent> events, CancellationToken cancellationToken)
    {
        await writer.SaveHoldingLockAsync(Db, actor, events, cancellationToken);
        Saved = true;
    }

    /// <inheritdoc cref="SaveAsync(AuditActor, IEnumerable{AuditEvent}, CancellationToken)"/>
    public Task SaveAsync(AuditActor actor, AuditEvent e, CancellationToken cancellationToken) => SaveAsync(actor, [e], cancellationToken);
}
