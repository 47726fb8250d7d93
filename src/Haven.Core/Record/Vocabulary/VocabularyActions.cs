namespace Haven.Record.Vocabulary;

/// <summary>
/// The audit actions of the lists and the gazetteer. Their subject is the term's key or the region's code, never a
/// label: the audit log says what changed, and the lists themselves say how it reads.
/// </summary>
internal static class VocabularyActions
{
    public const string TermAdded = "record.term.added";

    public const string TermRenamed = "record.term.renamed";

    public const string TermRetired = "record.term.retired";

    public const string TermRestored = "record.term.restored";

    public const string TermMoved = "record.term.moved";

    public const string RegionAdded = "record.region.added";

    public const string RegionChanged = "record.region.changed";

    public const string RegionRetired = "record.region.retired";

    public const string RegionRestored = "record.region.restored";
}
