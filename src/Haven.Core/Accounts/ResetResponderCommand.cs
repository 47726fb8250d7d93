using Haven.Audit;
using Haven.Cases;
using Haven.Crypto;
using Haven.Instance;
using Haven.Record.Keys;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Accounts;

/// <summary>
/// Resets a responder who lost their passphrase (operators only, offline, with the recovery secret). The old
/// keys are gone with the passphrase, so the responder gets new key pairs and a new TOTP secret, and every
/// case key they held is re-sealed to the new public key from that generation's recovery seal: for each seal
/// of the responder, the recovery seal of the same case and generation is opened with the recovery secret
/// and the case key sealed to the new key, replacing the old seal; each documentation key generation they held
/// is re-sealed the same way from its recovery seal, so a reset holder keeps documentation access. All in one transaction, audited as the
/// system; the retired signing key is recorded in the audit log so that the responder's earlier entries
/// still verify.
/// </summary>
internal static class ResetResponderCommand
{
    public const string ResetAction = "responder.reset";

    /// <summary>Follows <see cref="ResetAction"/> immediately; its subject is the retired Ed25519 public key (hex).</summary>
    public const string KeyRetiredAction = "responder.key_retired";

    /// <summary>
    /// Resets the responder <paramref name="name"/> with the new <paramref name="passphrase"/>, offline in
    /// <paramref name="data"/>. Refuses a recovery key pair that is not the instance's, a passphrase that is too short
    /// and an unknown name.
    /// </summary>
    public static async Task<ResetResult> ExecuteAsync(DataDirectory data, string name, string passphrase, X25519KeyPair recovery, TimeProvider clock, CancellationToken cancellationToken)
    {
        var instance = new InstanceState(data);
        if (!instance.Required.RecoveryPublicKey.AsSpan().SequenceEqual(recovery.PublicKey))
        {
            return new ResetResult(ResetOutcome.WrongRecoveryKey);
        }

        if (!NewResponder.IsPassphraseAcceptable(passphrase))
        {
            return new ResetResult(ResetOutcome.PassphraseTooShort);
        }

        var writeLock = AuditServiceCollectionExtensions.WriteLockFor(data);
        using var disposable = writeLock as IDisposable;
        var writer = new AuditedWriter(new DataDirectoryContextFactory(data), writeLock, [new RecordNumbering()], instance, clock);
        return await writer.WriteAsync(scope => ResetAsync(scope, writer, name, passphrase, recovery, cancellationToken), cancellationToken, transaction: true);
    }

    private static async Task<ResetResult> ResetAsync(WriteScope scope, AuditedWriter writer, string name, string passphrase, X25519KeyPair recovery, CancellationToken cancellationToken)
    {
        var db = scope.Db;

        // Names are kept composed (NFC); a name typed decomposed finds its responder too.
        var trimmed = ResponderNames.Check(name) == ResponderOutcome.None ? ResponderNames.Normalize(name) : name.Trim();
        var responder = await db.Responders.SingleOrDefaultAsync(r => r.Name == trimmed, cancellationToken);
        if (responder is null)
        {
            return new ResetResult(ResetOutcome.NoSuchResponder);
        }

        var keys = NewResponder.NewKeys(responder.Id, passphrase);
        var seals = await db.CaseKeySeals.AsNoTracking().Where(s => s.ResponderId == responder.Id).OrderBy(s => s.CaseId).ThenBy(s => s.Generation).ToListAsync(cancellationToken);
        var recoverySeals = await db.CaseKeySeals.AsNoTracking()
            .Where(r => r.ResponderId == null && db.CaseKeySeals.Any(s => s.ResponderId == responder.Id && s.CaseId == r.CaseId && s.Generation == r.Generation))
            .ToDictionaryAsync(r => (r.CaseId, r.Generation), r => r.SealedKey, cancellationToken);

        foreach (var seal in seals)
        {
            if (!recoverySeals.TryGetValue((seal.CaseId, seal.Generation), out var recoverySeal) || CaseRecords.OpenCaseKey(recoverySeal, recovery) is not { } caseKey)
            {
                return new ResetResult(ResetOutcome.RecoverySealMissing, FailedCaseId: seal.CaseId);
            }

            using (caseKey)
            {
                var secret = caseKey.ExportSecretKey();
                var resealed = SealedBox.Seal(secret, keys.X25519PublicKey);
                Array.Clear(secret);
                await db.CaseKeySeals.Where(s => s.Id == seal.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.SealedKey, resealed), cancellationToken);
            }
        }

        // Documentation key generations the responder held are re-sealed the same way, from their recovery seals.
        var documentationSeals = await db.DocumentationKeySeals.Where(s => s.ResponderId == responder.Id).OrderBy(s => s.Generation).ToListAsync(cancellationToken);
        var documentationRecovery = await db.DocumentationKeySeals.AsNoTracking()
            .Where(r => r.ResponderId == null && db.DocumentationKeySeals.Any(s => s.ResponderId == responder.Id && s.Generation == r.Generation))
            .ToDictionaryAsync(r => r.Generation, r => r.SealedKey, cancellationToken);
        foreach (var seal in documentationSeals)
        {
            if (!documentationRecovery.TryGetValue(seal.Generation, out var recoverySeal) || SealedBox.OpenKeyPair(recoverySeal, recovery) is not { } documentationKey)
            {
                return new ResetResult(ResetOutcome.DocumentationSealMissing, FailedDocumentationGeneration: seal.Generation);
            }

            using (documentationKey)
            {
                var secret = documentationKey.ExportSecretKey();
                seal.SealedKey = SealedBox.Seal(secret, keys.X25519PublicKey);
                Array.Clear(secret);
            }
        }

        var retired = Hex.Encode(responder.Ed25519PublicKey);
        responder.X25519PublicKey = keys.X25519PublicKey;
        responder.Ed25519PublicKey = keys.Ed25519PublicKey;
        responder.KdfSalt = keys.KdfSalt;
        responder.Verifier = keys.Verifier;
        responder.WrappedKeys = keys.WrappedKeys;

        // The new TOTP secret has never produced a code; any step of it may be used.
        responder.LastTotpStep = 0;

        var cases = seals.Select(s => s.CaseId).Distinct().ToList();
        var events = new List<AuditEvent> { new(ResetAction, null, responder.Id), new(KeyRetiredAction, null, retired) };
        events.AddRange(cases.Select(c => new AuditEvent("case.resealed", c, responder.Id)));
        if (documentationSeals.Count > 0)
        {
            events.Add(new AuditEvent(DocumentationKeys.ResealedAction, null, responder.Id));
        }

        await scope.SaveAsync(writer.System(dayOnly: false), events, cancellationToken);
        return new ResetResult(ResetOutcome.None, keys.TotpSecret, cases.Count, seals.Count, DocumentationGenerations: documentationSeals.Count);
    }
}
