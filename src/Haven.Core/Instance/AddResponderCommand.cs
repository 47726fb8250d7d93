using Haven.Accounts;
using Haven.Record.Keys;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Instance;

/// <summary>Saves a new responder, refusing a name already taken or one that looks like it (<see cref="ResponderNames"/>).</summary>
internal static class AddResponderCommand
{
    /// <summary>
    /// Adds <paramref name="responder"/> through <paramref name="db"/> and saves. Refuses a name that is taken or looks
    /// like one that is, also when another save took it meanwhile.
    /// </summary>
    public static Task<ResponderOutcome> ExecuteAsync(HavenDbContext db, Responder responder, CancellationToken cancellationToken) =>
        ExecuteAsync(db, responder, recoveryPublicKey: null, cancellationToken);

    /// <summary>
    /// Adds <paramref name="responder"/> as the set-up does: like <see cref="ExecuteAsync(HavenDbContext, Responder, CancellationToken)"/>,
    /// and when the responder is an administrator and the instance has no documentation key yet, creates its
    /// generation 1 sealed to them and to the recovery key <paramref name="recoveryPublicKey"/>, in the same save.
    /// </summary>
    public static async Task<ResponderOutcome> ExecuteAsync(HavenDbContext db, Responder responder, byte[]? recoveryPublicKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(responder);
        var free = await ResponderNames.FreeAsync(db, responder.Name, cancellationToken);
        if (free != ResponderOutcome.None)
        {
            return free;
        }

        db.Responders.Add(responder);
        if (recoveryPublicKey is not null && responder.Role == ResponderRole.Admin && !await db.DocumentationKeys.AnyAsync(cancellationToken))
        {
            DocumentationKeys.AddFirstGeneration(db, recoveryPublicKey, responder.Id, responder.X25519PublicKey, responder.CreatedOn).Dispose();
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return ResponderOutcome.NameTaken;
        }

        return ResponderOutcome.None;
    }

    /// <summary>True when at least one active administrator exists: the instance is usable.</summary>
    public static Task<bool> HasAdministratorAsync(HavenDbContext db, CancellationToken cancellationToken) =>
        db.Responders.AnyAsync(r => r.Active && r.Role == ResponderRole.Admin, cancellationToken);
}
