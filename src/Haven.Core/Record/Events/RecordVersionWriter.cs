using Haven.Accounts;
using Haven.Audit;
using Haven.Cases;
using Haven.Crypto;
using Haven.Record.Keys;
using Microsoft.EntityFrameworkCore;

namespace Haven.Record.Events;

/// <summary>
/// The one write path of events and victims: under the audited writer's lock it checks that the responder holds
/// the anchor case, opens the current version with the case key, lets the command build the new coding and
/// narrative, seals them (<see cref="DocumentationEnvelope"/>: the coding to the current documentation key and
/// the case key, the narrative to the case key) and saves the version with its content-free audit entry.
/// </summary>
internal sealed class RecordVersionWriter(AuditedWriter writer, DocumentationKeys documentationKeys, TimeProvider clock)
{
    /// <summary>
    /// Writes a new version of <paramref name="subjectId"/> (a new subject anchored to <paramref name="newCaseId"/>
    /// when <paramref name="basedOn"/> is null, otherwise a new version of the existing one, refused as
    /// <see cref="RecordWriteOutcome.Conflict"/> unless its current version is number <paramref name="basedOn"/>).
    /// A version id already stored answers <see cref="RecordWriteOutcome.Saved"/> without writing (a repeated form).
    /// </summary>
    public async Task<RecordWriteOutcome> WriteAsync(
        string kind,
        string subjectId,
        string? newCaseId,
        string versionId,
        int? basedOn,
        string action,
        UnlockedResponder responder,
        Func<VersionContext, Task<(RecordWriteOutcome Outcome, byte[]? Coding, byte[]? Narrative)>> prepare,
        CancellationToken cancellationToken)
    {
        if (!RandomId.IsValid(versionId) || !RandomId.IsValid(subjectId))
        {
            return RecordWriteOutcome.FormExpired;
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await writer.WriteAsync(scope => WriteHoldingLockAsync(scope, kind, subjectId, newCaseId, versionId, basedOn, action, responder, prepare, cancellationToken), cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Another process took the sequence or version number: read again and try again.
            }
        }
    }

    private async Task<RecordWriteOutcome> WriteHoldingLockAsync(
        WriteScope scope,
        string kind,
        string subjectId,
        string? newCaseId,
        string versionId,
        int? basedOn,
        string action,
        UnlockedResponder responder,
        Func<VersionContext, Task<(RecordWriteOutcome Outcome, byte[]? Coding, byte[]? Narrative)>> prepare,
        CancellationToken cancellationToken)
    {
        var db = scope.Db;
        if (await db.RecordVersions.AnyAsync(v => v.Id == versionId, cancellationToken))
        {
            return RecordWriteOutcome.Saved;
        }

        var latest = await db.RecordVersions.AsNoTracking().Where(v => v.SubjectId == subjectId).OrderByDescending(v => v.Number).FirstOrDefaultAsync(cancellationToken);
        if ((latest is null) != (basedOn is null) || (latest is not null && latest.Kind != kind))
        {
            return latest is null ? RecordWriteOutcome.NotFound : RecordWriteOutcome.Conflict;
        }

        var caseId = latest?.CaseId ?? newCaseId;
        var @case = caseId is null ? null : await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (@case is null)
        {
            return RecordWriteOutcome.NotFound;
        }

        var keys = await CaseRecords.OpenCaseKeysAsync(db, @case.Id, responder.Id, responder.BoxKeys, cancellationToken);
        OpenedVersion? previous = null;
        try
        {
            if (keys.Count == 0)
            {
                return RecordWriteOutcome.NotFound;
            }

            if (latest is not null)
            {
                previous = RecordVersionCipher.Open(latest, keys);
                if (previous is null)
                {
                    return RecordWriteOutcome.NotFound;
                }

                if (latest.Number != basedOn)
                {
                    return RecordWriteOutcome.Conflict;
                }
            }

            var (outcome, coding, narrative) = await prepare(new VersionContext(db, @case.Id, previous));
            if (outcome != RecordWriteOutcome.Saved || coding is null || narrative is null)
            {
                return outcome;
            }

            if (previous is not null && coding.AsSpan().SequenceEqual(previous.Coding) && narrative.AsSpan().SequenceEqual(previous.Narrative))
            {
                return RecordWriteOutcome.Unchanged;
            }

            if (await documentationKeys.CurrentAsync(cancellationToken) is not { } documentation)
            {
                return RecordWriteOutcome.NoDocumentationKey;
            }

            try
            {
                var sealedCoding = DocumentationEnvelope.SealCoding(coding, kind, versionId, documentation.PublicKey, @case.PublicKey);
                var sealedNarrative = DocumentationEnvelope.SealNarrative(narrative, kind, versionId, @case.PublicKey);
                db.RecordVersions.Add(new RecordVersion
                {
                    Id = versionId,
                    Kind = kind,
                    SubjectId = subjectId,
                    CaseId = @case.Id,
                    CreatedOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
                    DocumentationGeneration = documentation.Generation,
                    CaseKeyGeneration = @case.KeyGeneration,
                    Coding = sealedCoding.Ciphertext,
                    CodingKeyForDocumentation = sealedCoding.KeyForDocumentation,
                    CodingKeyForCase = sealedCoding.KeyForCase,
                    Narrative = sealedNarrative.Ciphertext,
                    NarrativeKeyForCase = sealedNarrative.KeyForCase,
                });
            }
            finally
            {
                Array.Clear(coding);
                Array.Clear(narrative);
            }

            await scope.SaveAsync(AuditActor.For(responder), new AuditEvent(action, @case.Id, subjectId), cancellationToken);
            return RecordWriteOutcome.Saved;
        }
        finally
        {
            previous?.Clear();
            foreach (var key in keys.Values)
            {
                key.Dispose();
            }
        }
    }
}
