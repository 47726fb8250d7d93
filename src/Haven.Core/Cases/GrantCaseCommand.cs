using Haven.Accounts;
using Haven.Audit;
using Haven.Crypto;
using Microsoft.EntityFrameworkCore;

namespace Haven.Cases;

/// <summary>
/// Grants a case: every generation of the case key the granter holds is sealed once more, to the grantee.
/// Granting is cryptographic; there is no access flag to flip.
/// </summary>
internal sealed class GrantCaseCommand(CaseAccessWriter access)
{
    /// <summary>
    /// Reads and writes inside <see cref="AuditedWriter.WriteAsync{T}"/>, as <see cref="RevokeCaseCommand"/> does:
    /// a grant that read the key generations before a revocation rotated the key would otherwise seal only the
    /// old one, and the grantee could not read anything written afterwards.
    /// </summary>
    public Task<GrantOutcome> ExecuteAsync(string caseId, string granteeId, UnlockedResponder granter, CancellationToken cancellationToken) =>
        access.WriteAsync(granter, scope => GrantAsync(scope, caseId, granteeId, granter, cancellationToken), cancellationToken);

    private async Task<GrantOutcome> GrantAsync(WriteScope scope, string caseId, string granteeId, UnlockedResponder granter, CancellationToken cancellationToken)
    {
        var db = scope.Db;
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

            // The same grant sent twice at once (a double click): the other one stored the seals.
            return await access.SaveAsync(scope, AuditActor.For(granter), [new AuditEvent("case.granted", caseId, granteeId)], caseId, granteeId, holdsAfter: true, cancellationToken);
        }
        finally
        {
            foreach (var key in keys.Values)
            {
                key.Dispose();
            }
        }
    }
}
