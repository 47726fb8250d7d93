using Haven.Accounts;

namespace Haven.Record.Events;

/// <summary>
/// Creates or updates a victim anchored to a case: a pseudonym (never a name) sealed to the case key, and the
/// coding (age band, counting unit, group size) readable with the documentation key too.
/// </summary>
internal sealed class SaveVictimCommand(RecordVersionWriter writer, RecordValidator validator)
{
    /// <summary>
    /// Stores a version of victim <paramref name="victimId"/>: the first, anchored to <paramref name="caseId"/>,
    /// when <paramref name="basedOn"/> is null; otherwise the next after version <paramref name="basedOn"/>.
    /// NotFound when the responder does not hold the anchor case.
    /// </summary>
    public Task<RecordWriteOutcome> ExecuteAsync(string victimId, string? caseId, string versionId, int? basedOn, VictimCoding coding, VictimNarrative narrative, UnlockedResponder responder, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            RecordVersionKinds.Victim,
            victimId,
            caseId,
            versionId,
            basedOn,
            basedOn is null ? "record.victim_created" : "record.victim_saved",
            responder,
            async context =>
            {
                var before = context.Previous is null ? null : RecordJson.FromUtf8<VictimCoding>(context.Previous.Coding);
                var outcome = await validator.VictimAsync(coding, narrative, before, cancellationToken);
                return outcome == RecordWriteOutcome.Saved ? (outcome, RecordJson.ToUtf8(coding), RecordJson.ToUtf8(narrative)) : (outcome, null, null);
            },
            cancellationToken);
}
