namespace Haven.Cases;

/// <summary>Where a case stands. Plaintext on the server: the desk sorts by it.</summary>
internal enum CaseState
{
    New = 0,
    Open = 1,
    Closed = 2,
}

/// <summary>How soon the person needs help, as they said. Plaintext: the desk routes by it.</summary>
internal enum Urgency
{
    Now = 0,
    Days = 1,
    Weeks = 2,
}

/// <summary>
/// A case: one person's request and everything that follows. Only routing data is plaintext; what anyone
/// wrote lives in <see cref="CaseRecord"/> rows encrypted to the case key.
/// </summary>
internal sealed class Case
{
    public required string Id { get; init; }

    public CaseState State { get; set; }

    public Urgency Urgency { get; set; }

    /// <summary>The day (UTC) the case was opened; no finer time is kept.</summary>
    public DateOnly CreatedOn { get; init; }

    /// <summary>The day (UTC) of the last message or reply.</summary>
    public DateOnly LastActivityOn { get; set; }

    /// <summary>True when the person wrote last and nobody has answered yet.</summary>
    public bool AwaitingReply { get; set; }

    /// <summary>The case's X25519 public key; record keys are sealed to it.</summary>
    public required byte[] PublicKey { get; init; }
}

/// <summary>The case secret key sealed to one recipient: a responder, or the recovery key when <see cref="ResponderId"/> is null.</summary>
internal sealed class CaseKeySeal
{
    public long Id { get; set; }

    public required string CaseId { get; init; }

    public string? ResponderId { get; init; }

    public required byte[] SealedKey { get; init; }
}

/// <summary>Kinds of record, bound into each record's associated data.</summary>
internal static class RecordKinds
{
    public const string Request = "request";
    public const string Message = "message";
    public const string Reply = "reply";
}

/// <summary>One encrypted record of a case (protocol.md, "Records").</summary>
internal sealed class CaseRecord
{
    public required string Id { get; init; }

    public required string CaseId { get; init; }

    /// <summary>Order within the case; unique per case. Carries no time.</summary>
    public long Seq { get; init; }

    public required string Kind { get; init; }

    public DateOnly CreatedOn { get; init; }

    public required byte[] Ciphertext { get; init; }

    public required byte[] KeyForCase { get; init; }

    public byte[]? KeyForSource { get; init; }
}
