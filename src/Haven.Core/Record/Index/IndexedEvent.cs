using Haven.Record.Events;

namespace Haven.Record.Index;

/// <summary>The newest coding of one event that a set of documentation generations opens.</summary>
internal sealed record IndexedEvent(string Id, string CaseId, int Number, int Generation, EventCoding Coding);
