using Haven.Accounts;
using Haven.Storage;
using Haven.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Cases;

/// <summary>
/// Saves a new version of the case data as a <c>casedata</c> record sealed to the case key only (never to the
/// person). The newest version is the current one; earlier versions stay as history.
/// </summary>
internal sealed class SaveCaseDataCommand(IOptions<WorkflowOptions> options, TeamRecordWriter records)
{
    /// <summary>
    /// Saves <paramref name="input"/> as the newest version of the case data. Refuses an expired form, a field that is
    /// not valid and a case the responder does not hold (NotFound); a repeated form, or data equal to the current
    /// version, stores nothing.
    /// </summary>
    public Task<CaseWriteOutcome> ExecuteAsync(string caseId, string recordId, CaseData input, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        if (!CaseRecords.IsValidId(recordId))
        {
            return Task.FromResult(CaseWriteOutcome.FormExpired);
        }

        var data = input.Normalized();
        var problem = Validate(data, options.Value.MaxTextLength);
        if (problem != CaseWriteOutcome.None)
        {
            return Task.FromResult(problem);
        }

        return records.AppendAsync(caseId, recordId, RecordKinds.CaseData, "case.data", responder, PrepareAsync, cancellationToken);

        async Task<(CaseWriteOutcome, RecordContent?)> PrepareAsync(HavenDbContext db)
        {
            var (granted, current) = await CurrentAsync(db, caseId, responder, cancellationToken);
            if (!granted)
            {
                return (CaseWriteOutcome.NotFound, null);
            }

            if (await db.Records.AnyAsync(r => r.Id == recordId, cancellationToken))
            {
                return (CaseWriteOutcome.None, null);
            }

            if (current is null ? data.IsEmpty : data.SameAs(current))
            {
                return (CaseWriteOutcome.Unchanged, null);
            }

            return (CaseWriteOutcome.None, new RecordContent { Data = data });
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
