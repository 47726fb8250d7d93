namespace Haven.Cases;

/// <summary>The case secret key sealed to one recipient: a responder, or the recovery key when <see cref="ResponderId"/> is null.</summary>
internal sealed class CaseKeySeal
{
    public long Id { get; set; }

    public required string CaseId { get; init; }

    public string? ResponderId { get; init; }

    /// <summary>Which generation of the case key this seal holds.</summary>
    public int Generation { get; init; } = 1;

    public required byte[] SealedKey { get; init; }
}
