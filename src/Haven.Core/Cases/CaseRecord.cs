namespace Haven.Cases;

/// <summary>One encrypted record of a case (protocol.md, "Records").</summary>
internal sealed class CaseRecord
{
    public required string Id { get; init; }

    public required string CaseId { get; init; }

    /// <summary>Order within the case; unique per case. Carries no time.</summary>
    public long Seq { get; init; }

    public required string Kind { get; init; }

    /// <summary>The generation of the case key that <see cref="KeyForCase"/> is sealed to.</summary>
    public int KeyGeneration { get; init; } = 1;

    public DateOnly CreatedOn { get; init; }

    public required byte[] Ciphertext { get; init; }

    public required byte[] KeyForCase { get; init; }

    public byte[]? KeyForSource { get; init; }
}
