using Haven.Accounts;
using Haven.Crypto;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Instance;

/// <summary>
/// Creates a new instance in a data directory: applies migrations and writes the key file. Returns the
/// recovery key pair, whose secret half the caller must hand to the operator once and then dispose.
/// </summary>
internal static class InitInstanceCommand
{
    /// <exception cref="InvalidOperationException">The data directory already holds an instance.</exception>
    public static async Task<X25519KeyPair> ExecuteAsync(DataDirectory data, CancellationToken cancellationToken)
    {
        if (InstanceKeys.Exists(data))
        {
            throw new InvalidOperationException("This data directory already holds a Haven instance.");
        }

        await StorageServiceCollectionExtensions.MigrateAsync(data, cancellationToken);
        var (keys, recovery) = InstanceKeys.Create();
        keys.Save(data);
        return recovery;
    }
}

/// <summary>Saves a new responder, refusing a name already taken or one that looks like it (<see cref="ResponderNames"/>).</summary>
internal static class AddResponderCommand
{
    public static async Task<ResponderProblem> ExecuteAsync(HavenDbContext db, Responder responder, CancellationToken cancellationToken)
    {
        var free = await ResponderNames.FreeAsync(db, responder.Name, cancellationToken);
        if (free != ResponderProblem.None)
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
            return ResponderProblem.NameTaken;
        }

        return ResponderProblem.None;
    }

    /// <summary>True when at least one active administrator exists: the instance is usable.</summary>
    public static Task<bool> HasAdministratorAsync(HavenDbContext db, CancellationToken cancellationToken) =>
        db.Responders.AnyAsync(r => r.Active && r.Role == ResponderRole.Admin, cancellationToken);
}
