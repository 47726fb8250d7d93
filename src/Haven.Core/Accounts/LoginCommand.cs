using Haven.Abuse;
using Haven.Audit;
using Haven.Crypto;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Accounts;

internal enum LoginOutcome
{
    Success,
    Failed,
    CodeReused,
    Throttled,
}

internal sealed record LoginResult(LoginOutcome Outcome, UnlockedResponder? Responder = null);

/// <summary>
/// Logs a responder in: passphrase (Argon2id verifier, constant-time), then a TOTP code that has not been
/// used before; unwraps the responder's keys into memory. Failures are counted instance-wide; each
/// success is audited as <c>responder.login</c>, signed with the responder's own key.
/// </summary>
internal sealed class LoginCommand(IDbContextFactory<HavenDbContext> dbFactory, Argon2Gate gate, LoginThrottle throttle, AuditLog audit, TimeProvider clock)
{
    private static readonly byte[] DummySalt = new byte[Argon2id.SaltLength];

    public async Task<LoginResult> ExecuteAsync(string? name, string? passphrase, string? code, CancellationToken cancellationToken)
    {
        if (throttle.Inner.IsLocked)
        {
            return new LoginResult(LoginOutcome.Throttled);
        }

        name = name?.Trim() ?? "";
        passphrase ??= "";
        // An empty passphrase (the form sent as it came) opens nothing, and Argon2id would refuse it.
        if (passphrase.Length == 0 || passphrase.Length > NewResponder.MaxPassphraseLength || name.Length > NewResponder.MaxNameLength)
        {
            throttle.Inner.RecordFailure();
            return new LoginResult(LoginOutcome.Failed);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var responder = await db.Responders.AsNoTracking().SingleOrDefaultAsync(r => r.Name == name && r.Active, cancellationToken);

        // Derive even for an unknown name so that timing does not tell which names exist.
        using var derived = await gate.RunAsync(Argon2Lane.Desk, () => PassphraseDerivation.Derive(passphrase, responder?.KdfSalt ?? DummySalt), cancellationToken);
        if (responder is null || !PassphraseDerivation.VerifierMatches(derived.Verifier, responder.Verifier)
            || !KeyWrap.TryUnwrap(responder.WrappedKeys, derived.WrappingKey, responder.Id, out var plaintext))
        {
            throttle.Inner.RecordFailure();
            return new LoginResult(LoginOutcome.Failed);
        }

        var secrets = ResponderSecrets.Deserialize(plaintext);
        Array.Clear(plaintext);
        if (secrets is null)
        {
            throttle.Inner.RecordFailure();
            return new LoginResult(LoginOutcome.Failed);
        }

        try
        {
            var step = TotpCodes.Verify(secrets.Totp, code, clock.GetUtcNow());
            if (step is null)
            {
                throttle.Inner.RecordFailure();
                return new LoginResult(LoginOutcome.Failed);
            }

            // Claim the time step atomically: a code already used (here or on another node) is refused.
            var claimed = await db.Responders
                .Where(r => r.Id == responder.Id && r.LastTotpStep < step.Value)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastTotpStep, step.Value), cancellationToken);
            if (claimed == 0)
            {
                throttle.Inner.RecordFailure();
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
                await audit.SaveWithAsync(db, AuditActor.For(unlocked), new AuditEvent("responder.login"), cancellationToken);
            }
            catch
            {
                unlocked.Dispose();
                throw;
            }

            return new LoginResult(LoginOutcome.Success, unlocked);
        }
        finally
        {
            secrets.Wipe();
        }
    }
}
