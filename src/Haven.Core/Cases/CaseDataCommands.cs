using System.Text.Json;
using System.Text.Json.Serialization;
using Haven.Accounts;
using Haven.Audit;
using Haven.Storage;
using Haven.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Cases;

/// <summary>
/// The structured data of a case, kept whole in each version (a <c>casedata</c> record, protocol.md):
/// editing never overwrites, it appends a new version, so the team can see what changed and when. Only ever
/// exists in memory; on disk it is ciphertext under the case key.
/// </summary>
internal sealed class CaseData
{
    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>What the person needs (evacuation, documents, medicine, money, …).</summary>
    [JsonPropertyName("needs")]
    public string? Needs { get; set; }

    /// <summary>Where the person is, as coarsely as the work allows; free text.</summary>
    [JsonPropertyName("region")]
    public string? Region { get; set; }

    /// <summary>Who travels or depends on the person.</summary>
    [JsonPropertyName("dependants")]
    public string? Dependants { get; set; }

    /// <summary>Known risks: who is looking for the person, what they know.</summary>
    [JsonPropertyName("risks")]
    public string? Risks { get; set; }

    /// <summary>The safe way to reach the person and when.</summary>
    [JsonPropertyName("contact")]
    public string? Contact { get; set; }

    /// <summary>The steps of the plan, each with an optional due date. Operational: never told to the person before Planning.</summary>
    [JsonPropertyName("plan")]
    public List<PlanStep> Plan { get; set; } = [];

    [JsonPropertyName("tags")]
    public List<string> Tags { get; set; } = [];

    /// <summary>True when nothing at all is filled in.</summary>
    [JsonIgnore]
    public bool IsEmpty => Needs is null && Region is null && Dependants is null && Risks is null && Contact is null && Plan.Count == 0 && Tags.Count == 0;

    /// <summary>The same data trimmed, with empty fields, empty steps and repeated tags dropped.</summary>
    public CaseData Normalized() => new()
    {
        Needs = Clean(Needs),
        Region = Clean(Region),
        Dependants = Clean(Dependants),
        Risks = Clean(Risks),
        Contact = Clean(Contact),
        Plan = Plan.Where(p => !string.IsNullOrWhiteSpace(p.Step)).Select(p => new PlanStep { Step = p.Step.Trim(), Due = p.Due }).ToList(),
        Tags = Tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
    };

    /// <summary>True when both versions hold the same data.</summary>
    public bool SameAs(CaseData? other) =>
        other is not null && JsonSerializer.Serialize(Normalized(), Options) == JsonSerializer.Serialize(other.Normalized(), Options);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>One step of the plan.</summary>
internal sealed class PlanStep
{
    [JsonPropertyName("step")]
    public string Step { get; set; } = "";

    /// <summary>The day the step is due, if any; a day is precise enough and reveals no more.</summary>
    [JsonPropertyName("due")]
    public DateOnly? Due { get; set; }
}

/// <summary>Why a note or a version of the case data was not stored.</summary>
internal enum CaseWriteProblem
{
    None,
    NotFound,
    FormExpired,
    TextMissing,
    TextTooLong,
    TooManySteps,
    TooManyTags,
    TagTooLong,

    /// <summary>The data is the same as the current version; no new version was stored.</summary>
    Unchanged,
}

/// <summary>
/// Saves a new version of the case data as a <c>casedata</c> record sealed to the case key only (never to the
/// person). The newest version is the current one; earlier versions stay as history.
/// </summary>
internal sealed class SaveCaseDataCommand(IDbContextFactory<HavenDbContext> dbFactory, IOptions<WorkflowOptions> options, TimeProvider clock, AuditLog audit)
{
    public async Task<CaseWriteProblem> ExecuteAsync(string caseId, string recordId, CaseData input, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        if (!CaseRecords.IsValidId(recordId))
        {
            return CaseWriteProblem.FormExpired;
        }

        var data = input.Normalized();
        var problem = Validate(data, options.Value.MaxTextLength);
        if (problem != CaseWriteProblem.None)
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
                return CaseWriteProblem.NotFound;
            }

            if (await db.Records.AnyAsync(r => r.Id == recordId, cancellationToken))
            {
                return CaseWriteProblem.None;
            }

            if (current is null ? data.IsEmpty : data.SameAs(current))
            {
                return CaseWriteProblem.Unchanged;
            }

            var @case = await db.Cases.SingleAsync(c => c.Id == caseId, cancellationToken);
            CaseRecords.Append(db, @case, recordId, RecordKinds.CaseData, new RecordContent { Data = data }, null, today);
            try
            {
                await audit.SaveWithAsync(db, AuditActor.For(responder), new AuditEvent("case.data", caseId, recordId), cancellationToken);
                return CaseWriteProblem.None;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // A concurrent record took the sequence number: try again.
            }
        }
    }

    private static CaseWriteProblem Validate(CaseData data, int maxText)
    {
        string?[] texts = [data.Needs, data.Region, data.Dependants, data.Risks, data.Contact];
        if (texts.Any(t => t?.Length > maxText) || data.Plan.Any(p => p.Step.Length > maxText))
        {
            return CaseWriteProblem.TextTooLong;
        }

        if (data.Plan.Count > WorkflowOptions.MaxPlanSteps)
        {
            return CaseWriteProblem.TooManySteps;
        }

        if (data.Tags.Count > WorkflowOptions.MaxTags)
        {
            return CaseWriteProblem.TooManyTags;
        }

        return data.Tags.Any(t => t.Length > WorkflowOptions.MaxTagLength) ? CaseWriteProblem.TagTooLong : CaseWriteProblem.None;
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

/// <summary>
/// Adds an internal note of the team: a <c>note</c> record sealed to the case key only, so the person can
/// never read it, whatever they hold.
/// </summary>
internal sealed class AddNoteCommand(IDbContextFactory<HavenDbContext> dbFactory, IOptions<WorkflowOptions> options, TimeProvider clock, AuditLog audit)
{
    public async Task<CaseWriteProblem> ExecuteAsync(string caseId, string recordId, string? text, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        if (!CaseRecords.IsValidId(recordId))
        {
            return CaseWriteProblem.FormExpired;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return CaseWriteProblem.TextMissing;
        }

        if (text.Length > options.Value.MaxTextLength)
        {
            return CaseWriteProblem.TextTooLong;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (!await CaseRecords.HoldsAsync(db, caseId, responder.Id, cancellationToken))
            {
                return CaseWriteProblem.NotFound;
            }

            if (await db.Records.AnyAsync(r => r.Id == recordId, cancellationToken))
            {
                return CaseWriteProblem.None;
            }

            var @case = await db.Cases.SingleAsync(c => c.Id == caseId, cancellationToken);
            CaseRecords.Append(db, @case, recordId, RecordKinds.Note, new RecordContent { Text = text }, null, today);
            try
            {
                await audit.SaveWithAsync(db, AuditActor.For(responder), new AuditEvent("case.note", caseId, recordId), cancellationToken);
                return CaseWriteProblem.None;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // A concurrent record took the sequence number: try again.
            }
        }
    }
}
