using Haven.Abuse;
using Haven.Audit;
using Haven.Crypto;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Accounts;

/// <summary>
/// Logs a responder in: passphrase (Argon2id verifier, constant-time), then a TOTP code that has not been
/// used before; unwraps the responder's keys into memory and opens their documentation seals into their keyring. Malformed input (no name, an empty or over-long
/// passphrase, a code that is not six digits) is refused before anything and counts for nothing. A
/// well-formed attempt reserves its permits in <see cref="LoginThrottle"/> before the derivation: the name's
/// allowance of failures (or, from a browser with this responder's device cookie, the device's), and the
/// instance-wide cap. A success gives the name's permit back and is audited as <c>responder.login</c>,
/// signed with the responder's own key.
/// </summary>
internal sealed class LoginCommand(IDbContextFactory<HavenDbContext> dbFactory, Argon2Gate gate, LoginThrottle throttle, AuditedWriter writer, TimeProvider clock)
{
    private static readonly byte[] DummySalt = new byte[Argon2id.SaltLength];

    /// <summary>A login from a browser without a device cookie.</summary>
    public Task<LoginResult> ExecuteAsync(string? name, string? passphrase, string? code, CancellationToken cancellationToken) =>
        ExecuteAsync(name, passphrase, code, device: null, cancellationToken);

    /// <summary>A login; <paramref name="device"/> is the browser's authenticated device cookie, if it sent one.</summary>
    public async Task<LoginResult> ExecuteAsync(string? name, string? passphrase, string? code, LoginDevice? device, CancellationToken cancellationToken)
    {
        name = name?.Trim() ?? "";
        passphrase ??= "";
        // An empty passphrase (the form sent as it came) opens nothing, and Argon2id would refuse it.
        if (name.Length == 0 || name.Length > NewResponder.MaxNameLength || passphrase.Length == 0 || passphrase.Length > NewResponder.MaxPassphraseLength
            || !TotpCodes.IsWellFormed(code))
        {
            return new LoginResult(LoginOutcome.Failed);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var responder = await db.Responders.AsNoTracking().SingleOrDefaultAsync(r => r.Name == name && r.Active, cancellationToken);

        // The place is reserved before the slow step, so attempts sent at once cannot all pass. A device cookie
        // counts only for the responder it was given to; for any other name the browser is a stranger.
        var trusted = device is not null && responder is not null && device.ResponderId == responder.Id ? device.DeviceId : null;
        var ticket = await throttle.TryAdmitAsync(name, trusted, cancellationToken);
        if (!ticket.Admitted)
        {
            return new LoginResult(ticket.Refusal == ThrottleRefusal.Busy ? LoginOutcome.Busy : LoginOutcome.Throttled, RetryAfter: ticket.RetryAfter);
        }

        await ticket.WaitForTurnAsync(clock, cancellationToken);

        // Derive even for an unknown name so that timing does not tell which names exist.
        PassphraseKeys derived;
        try
        {
            derived = await gate.RunAsync(Argon2Lane.Desk, () => PassphraseDerivation.Derive(passphrase, responder?.KdfSalt ?? DummySalt), cancellationToken);
        }
        catch (Exception e) when (e is ServerBusyException or OperationCanceledException)
        {
            await ticket.GiveBackAsync();
            throw;
        }

        byte[] plaintext;
        using (derived)
        {
            if (responder is null || !PassphraseDerivation.VerifierMatches(derived.Verifier, responder.Verifier)
                || !KeyWrap.TryUnwrap(responder.WrappedKeys, derived.WrappingKey, responder.Id, out plaintext))
            {
                return new LoginResult(LoginOutcome.Failed);
            }
        }

        var secrets = ResponderSecrets.Deserialize(plaintext);
        Array.Clear(plaintext);
        if (secrets is null)
        {
            return new LoginResult(LoginOutcome.Failed);
        }

        try
        {
            var step = TotpCodes.Verify(secrets.Totp, code, clock.GetUtcNow());
            if (step is null)
            {
                return new LoginResult(LoginOutcome.Failed);
            }

            // Claim the time step atomically: a code already used (here or on another node) is refused.
            var claimed = await db.Responders
                .Where(r => r.Id == responder.Id && r.LastTotpStep < step.Value)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastTotpStep, step.Value), cancellationToken);
            if (claimed == 0)
            {
                return new LoginResult(LoginOutcome.CodeReused);
            }

            var unlocked = new UnlockedResponder(
                responder.Id,
                responder.Name,
                responder.Role,
                X25519KeyPair.FromSecretKey(secrets.X25519),
                Ed25519KeyPair.FromSecretKey(secrets.Ed25519));
            try
            {
                await Record.Keys.DocumentationKeys.OpenIntoAsync(db, unlocked, cancellationToken);
                await writer.SaveAsync(db, AuditActor.For(unlocked), new AuditEvent("responder.login"), cancellationToken);
            }
            catch
            {
                unlocked.Dispose();
                throw;
            }

            await ticket.SucceededAsync();
            return new LoginResult(LoginOutcome.Success, unlocked);
        }
        finally
        {
            secrets.Wipe();
        }
    }
}
