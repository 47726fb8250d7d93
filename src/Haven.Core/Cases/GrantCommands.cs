using Haven.Accounts;
using Haven.Audit;
using Haven.Crypto;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Cases;

internal enum GrantOutcome
{
    Done,
    NotFound,
    NotAllowed,
    NoSuchResponder,
    Unchanged,
}

/// <summary>Who may hand cases to others: administrators and coordinators.</summary>
internal static class CaseRoles
{
    public static bool CanManage(ResponderRole role) => role is ResponderRole.Admin or ResponderRole.Coordinator;

    /// <summary>Analysts never hold case keys: they work with figures, not conversations.</summary>
    public static bool CanHoldCases(ResponderRole role) => role != ResponderRole.Analyst;
}

/// <summary>
/// Grants a case: every generation of the case key the granter holds is sealed once more, to the grantee.
/// Granting is cryptographic; there is no access flag to flip.
/// </summary>
internal sealed class GrantCaseCommand(IDbContextFactory<HavenDbContext> dbFactory, AuditLog audit)
{
    /// <summary>
    /// Runs under the audit lock from the first read, as <see cref="RevokeCaseCommand"/> does: a grant that
    /// read the key generations before a revocation rotated the key would otherwise seal only the old one,
    /// and the grantee could not read anything written afterwards.
    /// </summary>
    public Task<GrantOutcome> ExecuteAsync(string caseId, string granteeId, UnlockedResponder granter, CancellationToken cancellationToken) =>
        CaseRoles.CanManage(granter.Role)
            ? audit.ExclusiveAsync(() => GrantAsync(caseId, granteeId, granter, cancellationToken), cancellationToken)
            : Task.FromResult(GrantOutcome.NotAllowed);

    private async Task<GrantOutcome> GrantAsync(string caseId, string granteeId, UnlockedResponder granter, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var grantee = await db.Responders.AsNoTracking().SingleOrDefaultAsync(r => r.Id == granteeId && r.Active, cancellationToken);
        if (grantee is null || !CaseRoles.CanHoldCases(grantee.Role))
        {
            return GrantOutcome.NoSuchResponder;
        }

        var keys = await CaseRecords.OpenCaseKeysAsync(db, caseId, granter.Id, granter.BoxKeys, cancellationToken);
        try
        {
            if (keys.Count == 0)
            {
                return GrantOutcome.NotFound;
            }

            var held = await db.CaseKeySeals.Where(s => s.CaseId == caseId && s.ResponderId == granteeId).Select(s => s.Generation).ToListAsync(cancellationToken);
            var added = 0;
            foreach (var (generation, key) in keys)
            {
                if (held.Contains(generation))
                {
                    continue;
                }

                var secret = key.ExportSecretKey();
                db.CaseKeySeals.Add(new CaseKeySeal { CaseId = caseId, ResponderId = granteeId, Generation = generation, SealedKey = SealedBox.Seal(secret, grantee.X25519PublicKey) });
                Array.Clear(secret);
                added++;
            }

            if (added == 0)
            {
                return GrantOutcome.Unchanged;
            }

            try
            {
                await audit.SaveWithAsync(db, AuditActor.For(granter), new AuditEvent("case.granted", caseId, granteeId), cancellationToken);
            }
            catch (DbUpdateException)
            {
                // The same grant sent twice at once (a double click): the other one stored the seals.
                if (await HoldsAnySealAsync(caseId, granteeId, cancellationToken))
                {
                    return GrantOutcome.Unchanged;
                }

                throw;
            }

            return GrantOutcome.Done;
        }
        finally
        {
            foreach (var key in keys.Values)
            {
                key.Dispose();
            }
        }
    }

    private async Task<bool> HoldsAnySealAsync(string caseId, string responderId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CaseKeySeals.AnyAsync(s => s.CaseId == caseId && s.ResponderId == responderId, cancellationToken);
    }
}

/// <summary>
/// Revokes a grant: removes every seal the responder had and rotates the case key, so that every record
/// written afterwards is sealed to a key the revoked responder never held. The new key is sealed to the
/// recovery key and to each remaining holder.
/// </summary>
internal sealed class RevokeCaseCommand(IDbContextFactory<HavenDbContext> dbFactory, Instance.InstanceState instance, AuditLog audit)
{
    /// <summary>Runs under the audit lock from the first read: grants and revocations of one instance happen one after another.</summary>
    public Task<GrantOutcome> ExecuteAsync(string caseId, string responderId, UnlockedResponder revoker, CancellationToken cancellationToken) =>
        CaseRoles.CanManage(revoker.Role)
            ? audit.ExclusiveAsync(() => RevokeAsync(caseId, responderId, revoker, cancellationToken), cancellationToken)
            : Task.FromResult(GrantOutcome.NotAllowed);

    private async Task<GrantOutcome> RevokeAsync(string caseId, string responderId, UnlockedResponder revoker, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await CaseRecords.HoldsAsync(db, caseId, revoker.Id, cancellationToken))
        {
            return GrantOutcome.NotFound;
        }

        var removed = await db.CaseKeySeals.Where(s => s.CaseId == caseId && s.ResponderId == responderId).ToListAsync(cancellationToken);
        if (removed.Count == 0)
        {
            return GrantOutcome.Unchanged;
        }

        var @case = await db.Cases.SingleAsync(c => c.Id == caseId, cancellationToken);
        db.CaseKeySeals.RemoveRange(removed);
        var remaining = await db.CaseKeySeals.Where(s => s.CaseId == caseId && s.ResponderId != null && s.ResponderId != responderId).Select(s => s.ResponderId!).Distinct().ToListAsync(cancellationToken);
        var publicKeys = await db.Responders.AsNoTracking().Where(r => remaining.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.X25519PublicKey, cancellationToken);

        using var next = X25519KeyPair.Generate();
        var secret = next.ExportSecretKey();
        try
        {
            var generation = @case.KeyGeneration + 1;
            db.CaseKeySeals.Add(new CaseKeySeal { CaseId = caseId, ResponderId = null, Generation = generation, SealedKey = SealedBox.Seal(secret, instance.Required.RecoveryPublicKey) });
            foreach (var (id, publicKey) in publicKeys)
            {
                db.CaseKeySeals.Add(new CaseKeySeal { CaseId = caseId, ResponderId = id, Generation = generation, SealedKey = SealedBox.Seal(secret, publicKey) });
            }

            @case.KeyGeneration = generation;
            @case.PublicKey = next.PublicKey;
            if (@case.AssignedTo == responderId)
            {
                @case.AssignedTo = null;
            }
        }
        finally
        {
            Array.Clear(secret);
        }

        try
        {
            await audit.SaveWithAsync(db, AuditActor.For(revoker), [new AuditEvent("case.revoked", caseId, responderId), new AuditEvent("case.key_rotated", caseId)], cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same revocation sent twice at once: the other one removed the seals and rotated the key.
            if (!await HoldsAnySealAsync(caseId, responderId, cancellationToken))
            {
                return GrantOutcome.Unchanged;
            }

            throw;
        }

        return GrantOutcome.Done;
    }

    private async Task<bool> HoldsAnySealAsync(string caseId, string responderId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CaseKeySeals.AnyAsync(s => s.CaseId == caseId && s.ResponderId == responderId, cancellationToken);
    }
}

/// <summary>Assigns a case to a responder (granting it first when needed), or clears the assignment.</summary>
internal sealed class AssignCaseCommand(IDbContextFactory<HavenDbContext> dbFactory, GrantCaseCommand grant, AuditLog audit)
{
    public async Task<GrantOutcome> ExecuteAsync(string caseId, string? assigneeId, UnlockedResponder actor, CancellationToken cancellationToken)
    {
        if (!CaseRoles.CanManage(actor.Role))
        {
            return GrantOutcome.NotAllowed;
        }

        if (assigneeId is not null)
        {
            var granted = await grant.ExecuteAsync(caseId, assigneeId, actor, cancellationToken);
            if (granted is not (GrantOutcome.Done or GrantOutcome.Unchanged))
            {
                return granted;
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await CaseRecords.HoldsAsync(db, caseId, actor.Id, cancellationToken))
        {
            return GrantOutcome.NotFound;
        }

        var @case = await db.Cases.SingleAsync(c => c.Id == caseId, cancellationToken);
        @case.AssignedTo = assigneeId;
        await audit.SaveWithAsync(db, AuditActor.For(actor), new AuditEvent(assigneeId is null ? "case.unassigned" : "case.assigned", caseId, assigneeId), cancellationToken);
        return GrantOutcome.Done;
    }
}

/// <summary>The responders who hold a case (for the case page's grants panel).</summary>
internal sealed class CaseHoldersQuery(IDbContextFactory<HavenDbContext> dbFactory)
{
    public async Task<IReadOnlyList<(string Id, string Name, ResponderRole Role)>> ExecuteAsync(string caseId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var current = await db.Cases.Where(c => c.Id == caseId).Select(c => c.KeyGeneration).SingleAsync(cancellationToken);
        var holders = db.CaseKeySeals.Where(s => s.CaseId == caseId && s.Generation == current && s.ResponderId != null).Select(s => s.ResponderId);
        var rows = await db.Responders.AsNoTracking().Where(r => holders.Contains(r.Id)).OrderBy(r => r.Name).Select(r => new { r.Id, r.Name, r.Role }).ToListAsync(cancellationToken);
        return rows.Select(r => (r.Id, r.Name, r.Role)).ToList();
    }
}
