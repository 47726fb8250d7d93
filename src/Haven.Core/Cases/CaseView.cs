namespace Haven.Cases;

internal sealed record CaseView(InboxItem Case, IReadOnlyList<CaseEntry> Entries);
