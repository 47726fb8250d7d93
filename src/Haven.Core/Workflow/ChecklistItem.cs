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
