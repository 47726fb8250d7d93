namespace Haven.Record.Keys;

/// <summary>
/// One generation of the instance's documentation key: its public half (anyone writing coding seals to it)
/// and the day it was drawn. The secret half exists only in <see cref="DocumentationKeySeal"/>s.
/// </summary>
internal sealed class DocumentationKey
{
    /// <summary>1 for the first key; each rotation adds one. The highest is the current generation.</summary>
    public int Generation { get; init; }

    public required byte[] PublicKey { get; init; }

    public DateOnly CreatedOn { get; init; }
}
