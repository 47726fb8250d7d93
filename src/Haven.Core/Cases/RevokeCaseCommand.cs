using Haven.Accounts;
using Haven.Audit;
using Haven.Crypto;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Cases;

/// <summary>
/// Revokes a grant: removes every seal the responder had and rotates the case key, so that every record
/// written afterwards is sealed to a key the revoked responder never held. The new key is sealed to the
/// recovery key and to each remaining holder.
/// </summary>
internal sealed class RevokeCaseCommand(IDbContextFactory<HavenDbContext> dbFactory, Instance.InstanceState instance, AuditedWriter writer)
{
    /// <summary>Reads and writes inside <see cref="AuditedWriter.WriteAsync{T}"/>: grants and revocations of one instance happen one after another.</summary>
    public Task<GrantOutcome> ExecuteAsync(string caseId, string responderId, UnlockedResponder revoker, CancellationToken cancellationToken) =>
        CaseRoles.CanManage(revoker.Role)
            ? writer.WriteAsync(scope => RevokeAsync(scope, caseId, responderId, revoker, cancellationToken), cancellationToken)
            : Task.FromResult(GrantOutcome.NotAllowed);

    private async Task<GrantOutcome> RevokeAsync(WriteScope scope, string caseId, string responderId, UnlockedResponder revoker, CancellationToken cancellationToken)
    {
        var db = scope.Db;
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
            await scope.SaveAsync(AuditActor.For(revoker), [new AuditEvent("case.revoked", caseId, responderId), new AuditEvent("case.key_rotated", caseId)], cancellationToken);
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
