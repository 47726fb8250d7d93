using Haven.Accounts;
using Haven.Audit;
using Haven.Storage;
using Haven.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Cases;

/// <summary>
/// Saves a new version of the case data as a <c>casedata</c> record sealed to the case key only (never to the
/// person). The newest version is the current one; earlier versions stay as history.
/// </summary>
internal sealed class SaveCaseDataCommand(IDbContextFactory<HavenDbContext> dbFactory, IOptions<WorkflowOptions> options, TimeProvider clock, AuditedWriter writer)
{
    /// <summary>
    /// Saves <paramref name="input"/> as the newest version of the case data. Refuses an expired form, a field that is
    /// not valid and a case the responder does not hold (NotFound); a repeated form, or data equal to the current
    /// version, stores nothing.
    /// </summary>
    public async Task<CaseWriteOutcome> ExecuteAsync(string caseId, string recordId, CaseData input, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        if (!CaseRecords.IsValidId(recordId))
        {
            return CaseWriteOutcome.FormExpired;
        }

        var data = input.Normalized();
        var problem = Validate(data, options.Value.MaxTextLength);
        if (problem != CaseWriteOutcome.None)
        {
            return problem;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var (granted, current) = await CurrentAsync(db, caseId, responder, cancellationToken);
            if (!granted)
            {
                return CaseWriteOutcome.NotFound;
            }

            if (await db.Records.AnyAsync(r => r.Id == recordId, cancellationToken))
            {
                return CaseWriteOutcome.None;
            }

            if (current is null ? data.IsEmpty : data.SameAs(current))
            {
                return CaseWriteOutcome.Unchanged;
            }

            var @case = await db.Cases.SingleAsync(c => c.Id == caseId, cancellationToken);
            CaseRecords.Append(db, @case, recordId, RecordKinds.CaseData, new RecordContent { Data = data }, null, today);
            try
            {
                await writer.SaveAsync(db, AuditActor.For(responder), new AuditEvent("case.data", caseId, recordId), cancellationToken);
                return CaseWriteOutcome.None;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // A concurrent record took the sequence number: try again.
            }
        }
    }

    private static CaseWriteOutcome Validate(CaseData data, int maxText)
    {
        string?[] texts = [data.Needs, data.Region, data.Dependants, data.Risks, data.Contact];
        if (texts.Any(t => t?.Length > maxText) || data.Plan.Any(p => p.Step.Length > maxText))
        {
            return CaseWriteOutcome.TextTooLong;
        }

        if (data.Plan.Count > WorkflowOptions.MaxPlanSteps)
        {
            return CaseWriteOutcome.TooManySteps;
        }

        if (data.Tags.Count > WorkflowOptions.MaxTags)
        {
            return CaseWriteOutcome.TooManyTags;
        }

        return data.Tags.Any(t => t.Length > WorkflowOptions.MaxTagLength) ? CaseWriteOutcome.TagTooLong : CaseWriteOutcome.None;
    }

    /// <summary>Whether the responder holds the case, and the current version they can read (null when there is none).</summary>
    private static async Task<(bool Granted, CaseData? Current)> CurrentAsync(HavenDbContext db, string caseId, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        var keys = await CaseRecords.OpenCaseKeysAsync(db, caseId, responder.Id, responder.BoxKeys, cancellationToken);
        try
        {
            if (keys.Count == 0)
            {
                return (false, null);
            }

            var last = await db.Records.AsNoTracking().Where(r => r.CaseId == caseId && r.Kind == RecordKinds.CaseData).OrderByDescending(r => r.Seq).FirstOrDefaultAsync(cancellationToken);
            if (last is null || !keys.TryGetValue(last.KeyGeneration, out var key))
            {
                return (true, null);
            }

            return (true, CaseRecords.Open(last, last.KeyForCase, key)?.Data);
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
