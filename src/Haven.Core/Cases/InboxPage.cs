namespace Haven.Cases;

/// <summary>One page of the inbox and the counts per state of everything the filters (other than state) match.</summary>
internal sealed record InboxPage(IReadOnlyList<InboxRow> Rows, IReadOnlyDictionary<CaseState, int> Counts, int Total, int Page, int Pages);
