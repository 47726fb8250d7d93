using Haven.Accounts;
using Haven.Audit;
using Haven.Crypto;
using Microsoft.EntityFrameworkCore;

namespace Haven.Cases;

/// <summary>
/// Revokes a grant: removes every seal the responder had and rotates the case key, so that every record
/// written afterwards is sealed to a key the revoked responder never held. The new key is sealed to the
/// recovery key and to each remaining holder.
/// </summary>
internal sealed class RevokeCaseCommand(Instance.InstanceState instance, CaseAccessWriter access)
{
    /// <summary>Reads and writes inside <see cref="AuditedWriter.WriteAsync{T}"/>: grants and revocations of one instance happen one after another.</summary>
    public Task<GrantOutcome> ExecuteAsync(string caseId, string responderId, UnlockedResponder revoker, CancellationToken cancellationToken) =>
        access.WriteAsync(revoker, scope => RevokeAsync(scope, caseId, responderId, revoker, cancellationToken), cancellationToken);

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

        // The same revocation sent twice at once: the other one removed the seals and rotated the key.
        return await access.SaveAsync(scope, AuditActor.For(revoker), [new AuditEvent("case.revoked", caseId, responderId), new AuditEvent("case.key_rotated", caseId)], caseId, responderId, holdsAfter: false, cancellationToken);
    }
}
