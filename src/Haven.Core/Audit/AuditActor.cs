using Haven.Accounts;
using Haven.Crypto;

namespace Haven.Audit;

/// <summary>Who acts, with the key that signs, and how precisely the time is kept.</summary>
internal sealed record AuditActor(string Id, Ed25519KeyPair SigningKeys, bool DayOnly)
{
    public static AuditActor For(UnlockedResponder responder) => new(responder.Id, responder.SigningKeys, DayOnly: false);
}
