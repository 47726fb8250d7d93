using Haven.Record.Events;

namespace Haven.Record.Index;

/// <summary>The newest coding of one victim that a set of documentation generations opens.</summary>
internal sealed record IndexedVictim(string Id, string CaseId, int Number, VictimCoding Coding);
