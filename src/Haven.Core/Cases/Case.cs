using Haven.Retention;

namespace Haven.Cases;

/// <summary>
/// A case: one person's request and everything that follows. Only routing data is plaintext; what anyone
/// wrote lives in <see cref="CaseRecord"/> rows encrypted to the case key.
/// </summary>
internal sealed class Case : IRetentionDays
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
