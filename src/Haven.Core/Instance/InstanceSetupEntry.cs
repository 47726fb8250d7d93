using Haven.Audit;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Instance;

/// <summary>
/// The first entry of an instance's audit log, <c>instance.setup</c>, signed by the instance's audit key when the
/// instance is set up (<c>haven init</c>, or the web set-up when no <c>haven init</c> ran). A node checks its
/// <c>instance.key</c> against the newest entry the system signed before it starts; without this entry a node
/// with another instance's key would start until the first person's request was stored.
/// </summary>
internal static class InstanceSetupEntry
{
    public const string Action = "instance.setup";

    /// <summary>Whether the audit log holds an entry signed by the system (the set-up, or any later one).</summary>
    public static Task<bool> ExistsAsync(HavenDbContext db, CancellationToken cancellationToken) =>
        db.AuditEntries.AnyAsync(e => e.ActorId == AuditActors.System, cancellationToken);

    /// <summary>Adds the entry to <paramref name="db"/>, to be saved by the caller; the caller holds the write lock.</summary>
    public static async Task AddAsync(HavenDbContext db, InstanceKeys keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        using var signing = keys.AuditKeys();
        await AuditLog.AddEntriesAsync(db, new AuditActor(AuditActors.System, signing, DayOnly: false), [new AuditEvent(Action)], now, cancellationToken);
    }
}
