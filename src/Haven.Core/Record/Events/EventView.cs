namespace Haven.Record.Events;

/// <summary>An event as a responder who holds its case sees it.</summary>
internal sealed record EventView(string Id, string CaseId, int Number, int LatestNumber, EventCoding Coding, EventNarrative Narrative, IReadOnlyList<VersionInfo> History, IReadOnlyList<VictimView> Victims);
