namespace Haven.Workflow;

/// <summary>
/// An item of the verification checklist the team configures. Default items carry a <see cref="Key"/> and are
/// shown in the reader's language; items the team adds carry their own <see cref="Text"/>.
/// </summary>
internal sealed class ChecklistItem
{
    public int Id { get; set; }

    public string? Key { get; set; }

    public string? Text { get; set; }

    public int Position { get; set; }

    public bool Active { get; set; } = true;
}

/// <summary>A checklist item ticked for a case: who and which day.</summary>
internal sealed class CaseCheck
{
    public required string CaseId { get; init; }

    public int ItemId { get; init; }

    public required string CheckedBy { get; init; }

    public DateOnly CheckedOn { get; init; }
}

/// <summary>The default checklist: what field teams check before anything operational is shared.</summary>
internal static class DefaultChecklist
{
    public static readonly IReadOnlyList<string> Keys =
    [
        "vouched",          // a trusted partner or reference vouches for the person
        "consistent",       // the story is consistent across conversations and with what is known
        "independent",      // a detail was confirmed through a channel the person did not choose
        "not_bait",         // no sign of a set-up: pressure to meet, requests for names or addresses of others
        "safe_channel",     // the contact channel is safe and controlled by the person alone
    ];
}
