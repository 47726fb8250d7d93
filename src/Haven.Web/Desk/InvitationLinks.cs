using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Haven.Accounts;
using Haven.Crypto;

namespace Haven.Web.Desk;

/// <summary>
/// New invitation links waiting to be shown, for post-redirect-get: the POST that makes an invitation puts its
/// link here under a random id and redirects to a GET that carries only that id; the GET takes the link out,
/// so it is shown once and a reload shows nothing and creates nothing. A link is held in memory only, for
/// <see cref="Lifetime"/>, and only the desk session that made it can take it (a copied address is of no use
/// to another session). The link itself never goes into an address, a cookie or a log.
/// </summary>
internal sealed class InvitationLinks(TimeProvider clock)
{
    /// <summary>How long a link waits for its GET; the redirect follows at once, so this is generous.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    /// <summary>Keeps a link for the desk session <paramref name="session"/> (its cookie); returns the id for the redirect.</summary>
    public string Put(string session, string link, ResponderRole role)
    {
        Sweep();
        var id = RandomId.New();
        _slots[id] = new Slot(Owner(session), link, role, clock.GetUtcNow() + Lifetime);
        return id;
    }

    /// <summary>Takes the link kept under <paramref name="id"/> if this session made it and it is still fresh; null otherwise.</summary>
    public (string Link, ResponderRole Role)? Take(string? id, string? session)
    {
        if (id is null || session is null || !_slots.TryGetValue(id, out var slot) || !CryptographicOperations.FixedTimeEquals(slot.Owner, Owner(session)))
        {
            return null;
        }

        // Of two GETs at once only one takes it.
        if (!_slots.TryRemove(new KeyValuePair<string, Slot>(id, slot)) || slot.ExpiresAt <= clock.GetUtcNow())
        {
            return null;
        }

        return (slot.Link, slot.Role);
    }

    private void Sweep()
    {
        var now = clock.GetUtcNow();
        foreach (var (id, slot) in _slots)
        {
            if (slot.ExpiresAt <= now)
            {
                _slots.TryRemove(id, out _);
            }
        }
    }

    private static byte[] Owner(string session) => Blake2b.Hash(32, Encoding.UTF8.GetBytes(session), []);

    private sealed record Slot(byte[] Owner, string Link, ResponderRole Role, DateTimeOffset ExpiresAt);
}
