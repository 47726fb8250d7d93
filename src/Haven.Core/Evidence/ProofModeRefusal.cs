namespace Haven.Evidence;

/// <summary>Why a zip was refused before its proofs were checked.</summary>
internal enum ProofModeRefusal
{
    /// <summary>The zip's structure, an entry's compression or its checksum is damaged, or it is encrypted.</summary>
    Unreadable,

    /// <summary>More entries than <see cref="EvidenceOptions.MaxEntries"/>.</summary>
    TooManyEntries,

    /// <summary>An entry's name is a path that climbs out (<c>..</c>), is absolute, or holds control characters or backslashes.</summary>
    HostileName,

    /// <summary>Two entries with the same file name: which one a proof means cannot be told.</summary>
    DuplicateName,

    /// <summary>A proof, signature or key entry larger than <see cref="EvidenceOptions.MaxSmallEntryBytes"/>.</summary>
    EntryTooLarge,

    /// <summary>The entries expand beyond <see cref="EvidenceOptions.MaxExpandedBytes"/> (a zip bomb).</summary>
    ExpandsTooMuch,
}
