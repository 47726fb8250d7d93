namespace Haven.Act;

/// <summary>How a target or copy can be reached. Flags: a target may have several.</summary>
[Flags]
internal enum TargetChannels
{
    None = 0,
    Email = 1,
    Fax = 2,
    Post = 4,
    Social = 8,
}
