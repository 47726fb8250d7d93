using Haven.Abuse;
using Haven.Audit;
using Haven.Cases;
using Haven.Crypto;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Accounts;

/// <summary>One responder as the administration page and <c>haven responder list</c> show them.</summary>
internal sealed record ResponderSummary(string Id, string Name, ResponderRole Role, bool Active, DateOnly CreatedOn);

/// <summary>Every responder, by name: no secret, only what an administrator needs to manage accounts.</summary>
internal sealed class ResponderListQuery(IDbContextFactory<HavenDbContext> dbFactory)
{
    public async Task<IReadOnlyList<ResponderSummary>> ExecuteAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ExecuteAsync(db, cancellationToken);
    }

    public static async Task<IReadOnlyList<ResponderSummary>> ExecuteAsync(HavenDbContext db, CancellationToken cancellationToken) =>
        await db.Responders.AsNoTracking().OrderBy(r => r.Name).Select(r => new ResponderSummary(r.Id, r.Name, r.Role, r.Active, r.CreatedOn)).ToListAsync(cancellationToken);
}

/// <summary>How an administrative change to an account ended.</summary>
internal enum AccountChange
{
    Done,
    NotAllowed,
    NotFound,
    Unchanged,
}

/// <summary>
/// Disables or re-enables a responder (administrators only, never themselves). A disabled responder cannot
/// log in; the web layer also ends their live sessions. Their seals stay, so re-enabling restores access.
/// </summary>
internal sealed class SetResponderActiveCommand(IDbContextFactory<HavenDbContext> dbFactory, AuditLog audit)
{
    public async Task<AccountChange> ExecuteAsync(string responderId, bool active, UnlockedResponder admin, CancellationToken cancellationToken)
    {
        if (admin.Role != ResponderRole.Admin || responderId == admin.Id)
        {
            return AccountChange.NotAllowed;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var responder = await db.Responders.SingleOrDefaultAsync(r => r.Id == responderId, cancellationToken);
        if (responder is null)
        {
            return AccountChange.NotFound;
        }

        if (responder.Active == active)
        {
            return AccountChange.Unchanged;
        }

        responder.Active = active;
        await audit.SaveWithAsync(db, AuditActor.For(admin), new AuditEvent(active ? "responder.enabled" : "responder.disabled", null, responderId), cancellationToken);
        return AccountChange.Done;
    }
}

/// <summary>The result of one run of <see cref="GrantAllCasesCommand"/>.</summary>
internal sealed record GrantAllResult(GrantOutcome Outcome, int Granted = 0, int Remaining = 0);

/// <summary>
/// Gives a responder access to every case the granter holds (for a coordinator or administrator who joins
/// after cases exist), one <see cref="GrantCaseCommand"/> per case. Each run handles at most
/// <see cref="MaxPerRun"/> cases so that a request stays short; the page offers to continue.
/// </summary>
internal sealed class GrantAllCasesCommand(IDbContextFactory<HavenDbContext> dbFactory, GrantCaseCommand grant)
{
    public const int MaxPerRun = 100;

    public async Task<GrantAllResult> ExecuteAsync(string granteeId, UnlockedResponder granter, CancellationToken cancellationToken)
    {
        if (!CaseRoles.CanManage(granter.Role))
        {
            return new GrantAllResult(GrantOutcome.NotAllowed);
        }

        if (granteeId == granter.Id)
        {
            return new GrantAllResult(GrantOutcome.Unchanged);
        }

        List<string> batch;
        int missing;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var grantee = await db.Responders.AsNoTracking().SingleOrDefaultAsync(r => r.Id == granteeId && r.Active, cancellationToken);
            if (grantee is null || !CaseRoles.CanHoldCases(grantee.Role))
            {
                return new GrantAllResult(GrantOutcome.NoSuchResponder);
            }

            var theirs = db.CaseKeySeals.Where(s => s.ResponderId == granteeId).Select(s => s.CaseId);
            var todo = db.CaseKeySeals.Where(s => s.ResponderId == granter.Id && !theirs.Contains(s.CaseId)).Select(s => s.CaseId).Distinct();
            missing = await todo.CountAsync(cancellationToken);
            batch = await todo.OrderBy(id => id).Take(MaxPerRun).ToListAsync(cancellationToken);
        }

        var granted = 0;
        foreach (var caseId in batch)
        {
            if (await grant.ExecuteAsync(caseId, granteeId, granter, cancellationToken) == GrantOutcome.Done)
            {
                granted++;
            }
        }

        return new GrantAllResult(batch.Count == 0 ? GrantOutcome.Unchanged : GrantOutcome.Done, granted, missing - batch.Count);
    }
}

/// <summary>How a passphrase change ended.</summary>
internal enum PassphraseChange
{
    Changed,
    CurrentWrong,
    TooShort,
    Throttled,
}

/// <summary>
/// Changes a responder's passphrase: the current one must unwrap their keys; the same keys and TOTP secret
/// are then wrapped again under a key derived from the new passphrase with a new salt. The keys themselves
/// do not change, so every seal of every case stays valid. Wrong current passphrases count as failed logins of
/// the responder's name (<see cref="LoginThrottle"/>); an empty or over-long one counts for nothing.
/// </summary>
internal sealed class ChangePassphraseCommand(IDbContextFactory<HavenDbContext> dbFactory, Argon2Gate gate, LoginThrottle throttle, AuditLog audit)
{
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
        var ticket = throttle.TryAdmitSignedIn(me.Name);
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
            ticket.GiveBack();
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

        ticket.Succeeded();
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

        await audit.SaveWithAsync(db, AuditActor.For(me), new AuditEvent("responder.passphrase_changed", null, me.Id), cancellationToken);
        return PassphraseChange.Changed;
    }
}
