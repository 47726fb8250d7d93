namespace Haven.Record.Index;

/// <summary>What a documentation list counts: acts, distinct events, distinct victims, and the people those victims are.</summary>
internal sealed record DocumentationCounts(int Acts, int Events, int Victims, int People);
