namespace Haven.Record.Vocabulary;

/// <summary>What setting a region did: nothing, added it, or changed its parent or labels.</summary>
internal enum RegionChangeKind
{
    None,
    Added,
    Changed,
}
