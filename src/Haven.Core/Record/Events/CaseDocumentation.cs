namespace Haven.Record.Events;

/// <summary>What is documented from one case: its events (id, title) and victims.</summary>
internal sealed record CaseDocumentation(IReadOnlyList<(string Id, string Title)> Events, IReadOnlyList<VictimView> Victims);
