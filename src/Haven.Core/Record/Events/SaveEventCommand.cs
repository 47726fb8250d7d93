using Haven.Accounts;

namespace Haven.Record.Events;

/// <summary>
/// Saves a new version of an event: its current version, opened with the case key of a responder who holds the
/// anchor case, changed by one <see cref="EventEdit"/>, validated and written (<see cref="RecordVersionWriter"/>).
/// The earlier versions stay as history.
/// </summary>
internal sealed class SaveEventCommand(RecordVersionWriter writer, RecordValidator validator)
{
    /// <summary>
    /// Applies <paramref name="edit"/> to version <paramref name="basedOn"/> of the event and stores the result
    /// as version <paramref name="versionId"/>; NotFound when the responder does not hold the anchor case,
    /// Conflict when another version was saved since <paramref name="basedOn"/>.
    /// </summary>
    public Task<RecordWriteOutcome> ExecuteAsync(string eventId, string versionId, int basedOn, EventEdit edit, UnlockedResponder responder, CancellationToken cancellationToken) =>
        writer.WriteAsync(RecordVersionKinds.Event, eventId, null, versionId, basedOn, "record.event_saved", responder, context => PrepareAsync(context, edit, responder, cancellationToken), cancellationToken);

    private async Task<(RecordWriteOutcome, byte[]?, byte[]?)> PrepareAsync(VersionContext context, EventEdit edit, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        var previous = context.Previous!;
        var before = RecordJson.FromUtf8<EventCoding>(previous.Coding);
        var coding = RecordJson.FromUtf8<EventCoding>(previous.Coding);
        var narrative = RecordJson.FromUtf8<EventNarrative>(previous.Narrative);
        if (before is null || coding is null || narrative is null)
        {
            return (RecordWriteOutcome.NotFound, null, null);
        }

        if (!edit.Apply(coding, narrative))
        {
            return (RecordWriteOutcome.InvalidIds, null, null);
        }

        var outcome = await validator.EventAsync(context.Db, coding, narrative, before, responder.Id, cancellationToken);
        return outcome == RecordWriteOutcome.Saved ? (outcome, RecordJson.ToUtf8(coding), RecordJson.ToUtf8(narrative)) : (outcome, null, null);
    }
}
