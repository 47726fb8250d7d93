namespace Haven.Record.Vocabulary;

/// <summary>What one victim entry counts (fixed; labels <c>Record.CountingUnit.*</c>): one person, a family, or a group with a size.</summary>
internal enum CountingUnit
{
    Individual,
    Family,
    Group,
}
