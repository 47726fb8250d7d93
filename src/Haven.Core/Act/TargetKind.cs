namespace Haven.Act;

/// <summary>Whom a letter is written to (<see cref="Target"/>), or who receives a copy (<see cref="Copy"/>: embassies, human-rights groups).</summary>
internal enum TargetKind
{
    Target = 0,
    Copy = 1,
}
