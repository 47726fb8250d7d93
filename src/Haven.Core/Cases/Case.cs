namespace Haven.Cases;

/// <summary>
/// Where a case stands in the evacuation workflow. Plaintext on the server: the desk sorts and routes by it.
/// Safe and Closed are final; a final case can be reopened to Triage.
/// </summary>
internal enum CaseState
{
    New = 0,
    Triage = 1,
    Verification = 2,
    Planning = 3,
    InTransit = 4,
    Safe = 5,
    Closed = 6,
}

/// <summary>Why a case was closed without reaching safety.</summary>
internal enum CaseOutcome
{
    LostContact = 0,
    Declined = 1,
    Duplicate = 2,
    NotGenuine = 3,
    ReferredElsewhere = 4,
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

    /// <summary>The X25519 public key of the current key generation; new record keys are sealed to it.</summary>
    public required byte[] PublicKey { get; set; }

    /// <summary>The current key generation; it grows when a grant is revoked and the key rotated.</summary>
    public int KeyGeneration { get; set; } = 1;

    /// <summary>The responder the case is assigned to, if any.</summary>
    public string? AssignedTo { get; set; }

    /// <summary>Why the case was closed, when it is Closed.</summary>
    public CaseOutcome? Outcome { get; set; }

    /// <summary>The day the case became Safe or Closed; retention counts from it.</summary>
    public DateOnly? ClosedOn { get; set; }
}

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

/// <summary>Kinds of record, bound into each record's associated data.</summary>
internal static class RecordKinds
{
    public const string Request = "request";
    public const string Message = "message";
    public const string Reply = "reply";

    /// <summary>A version of the structured case data (needs, region, dependants, risks, contact, plan, tags).</summary>
    public const string CaseData = "casedata";

    /// <summary>An internal note; never sealed to the person.</summary>
    public const string Note = "note";

    /// <summary>The optional reason given for a workflow transition.</summary>
    public const string Transition = "transition";

    /// <summary>A cleaned working copy of a file (metadata removed); sealed to the case key only, never to the person.</summary>
    public const string FileCopy = "filecopy";
}

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
