namespace Haven.Record.Index;

/// <summary>One page of the documentation list and the counts of everything that matched.</summary>
internal sealed record DocumentationPage(IReadOnlyList<IndexedAct> Acts, int ActCount, int EventCount, int VictimCount, int PeopleCount, int Page, int PageCount);
