using Haven.Accounts;

namespace Haven.Record.Events;

/// <summary>
/// Creates an event from a case: the responder holds the case, which becomes the event's anchor and its first
/// source of information, with the connection and reliability the responder chose.
/// </summary>
internal sealed class CreateEventCommand(RecordVersionWriter writer, RecordValidator validator)
{
    /// <summary>
    /// Stores version 1 of event <paramref name="eventId"/> (ids from the form, so a repeated form stores one
    /// event): <paramref name="coding"/> and <paramref name="narrative"/> with the case added as the first source.
    /// NotFound when the responder does not hold the case.
    /// </summary>
    public Task<RecordWriteOutcome> ExecuteAsync(string caseId, string eventId, string versionId, EventCoding coding, EventNarrative narrative, string connection, int reliability, UnlockedResponder responder, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            RecordVersionKinds.Event,
            eventId,
            caseId,
            versionId,
            null,
            "record.event_created",
            responder,
            async context =>
            {
                // A copy each attempt: the writer may run this more than once.
                var copy = RecordJson.FromUtf8<EventCoding>(RecordJson.ToUtf8(coding))!;
                copy.Information.Insert(0, new InformationCoding { Id = Crypto.RandomId.New(), Source = InformationSource.Case, CaseId = context.CaseId, Connection = connection, Reliability = reliability });
                var outcome = await validator.EventAsync(context.Db, copy, narrative, null, responder.Id, cancellationToken);
                return outcome == RecordWriteOutcome.Saved ? (outcome, RecordJson.ToUtf8(copy), RecordJson.ToUtf8(narrative)) : (outcome, null, null);
            },
            cancellationToken);
}
