using Haven.Accounts;
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
    public static async Task<ResponderOutcome> ExecuteAsync(HavenDbContext db, Responder responder, CancellationToken cancellationToken)
    {
        var free = await ResponderNames.FreeAsync(db, responder.Name, cancellationToken);
        if (free != ResponderOutcome.None)
        {
            return free;
        }

        db.Responders.Add(responder);
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
