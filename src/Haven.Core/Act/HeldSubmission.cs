namespace Haven.Act;

/// <summary>
/// A supporter's letter or declaration waiting for a campaigner's approval while the action is
/// <see cref="UrgentAction.Moderated"/> (table <c>action_held</c>). Approving sends the letter (or counts the
/// declaration) and deletes the row; refusing deletes it and adds one to <see cref="UrgentAction.Refused"/>.
/// </summary>
internal sealed class HeldSubmission
{
    /// <summary>Random, 32 lowercase hex.</summary>
    public string Id { get; set; } = "";

    public string ActionId { get; set; } = "";

    public string TargetId { get; set; } = "";

    public LetterChannel Channel { get; set; }

    public string Language { get; set; } = "";

    public string Country { get; set; } = "";

    /// <summary>For <see cref="LetterChannel.Haven"/>: the <see cref="SupporterLetter"/> as JSON sealed with <see cref="ActSecrets"/> (purpose <c>held</c>, this id); null for a declaration.</summary>
    public byte[]? SealedLetter { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
