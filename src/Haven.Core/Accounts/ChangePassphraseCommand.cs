using Haven.Abuse;
using Haven.Audit;
using Haven.Crypto;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Accounts;

/// <summary>
/// Changes a responder's passphrase: the current one must unwrap their keys; the same keys and TOTP secret
/// are then wrapped again under a key derived from the new passphrase with a new salt. The keys themselves
/// do not change, so every seal of every case stays valid. Wrong current passphrases count as failed logins of
/// the responder's name (<see cref="LoginThrottle"/>); an empty or over-long one counts for nothing.
/// </summary>
internal sealed class ChangePassphraseCommand(IDbContextFactory<HavenDbContext> dbFactory, Argon2Gate gate, LoginThrottle throttle, AuditedWriter writer)
{
    /// <summary>
    /// Changes <paramref name="me"/>'s passphrase from <paramref name="current"/> to <paramref name="next"/>. Refuses a
    /// new passphrase that is too short, a wrong current one, and a try when the name's allowance of failed logins is
    /// spent.
    /// </summary>
    public async Task<PassphraseChange> ExecuteAsync(UnlockedResponder me, string? current, string? next, CancellationToken cancellationToken)
    {
        if (!NewResponder.IsPassphraseAcceptable(next))
        {
            return PassphraseChange.TooShort;
        }

        current ??= "";
        if (current.Length == 0 || current.Length > NewResponder.MaxPassphraseLength)
        {
            return PassphraseChange.CurrentWrong;
        }

        // The current passphrase is checked against the name's allowance of failed logins, reserved before the derivation.
        var ticket = await throttle.TryAdmitSignedInAsync(me.Name, cancellationToken);
        if (!ticket.Admitted)
        {
            return PassphraseChange.Throttled;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var responder = await db.Responders.SingleAsync(r => r.Id == me.Id, cancellationToken);
        var salt = responder.KdfSalt;
        PassphraseKeys derived;
        try
        {
            derived = await gate.RunAsync(Argon2Lane.Desk, () => PassphraseDerivation.Derive(current, salt), cancellationToken);
        }
        catch (Exception e) when (e is ServerBusyException or OperationCanceledException)
        {
            await ticket.GiveBackAsync();
            throw;
        }

        byte[] plaintext;
        using (derived)
        {
            if (!PassphraseDerivation.VerifierMatches(derived.Verifier, responder.Verifier)
                || !KeyWrap.TryUnwrap(responder.WrappedKeys, derived.WrappingKey, responder.Id, out plaintext))
            {
                return PassphraseChange.CurrentWrong;
            }
        }

        await ticket.SucceededAsync();
        try
        {
            var (newSalt, verifier, wrapped) = await gate.RunAsync(Argon2Lane.Desk, () => NewResponder.Wrap(responder.Id, plaintext, next!), cancellationToken);
            responder.KdfSalt = newSalt;
            responder.Verifier = verifier;
            responder.WrappedKeys = wrapped;
        }
        finally
        {
            Array.Clear(plaintext);
        }

        await writer.SaveAsync(db, AuditActor.For(me), new AuditEvent("responder.passphrase_changed", null, me.Id), cancellationToken);
        return PassphraseChange.Changed;
    }
}
