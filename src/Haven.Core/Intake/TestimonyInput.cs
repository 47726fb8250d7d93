namespace Haven.Intake;

/// <summary>
/// The guided testimony form as the person filled it in, unchecked: every value as typed or chosen, so that a
/// refused form can be shown back exactly. <see cref="SubmitTestimonyCommand"/> checks it into a <see cref="Testimony"/>.
/// </summary>
internal sealed record TestimonyInput(
    string RecordId,
    IReadOnlyList<string> Acts,
    string? Year,
    string? Month,
    string? Day,
    bool DateUnknown,
    string? Country,
    string? Region,
    IReadOnlyList<string> ToWhom,
    string? People,
    IReadOnlyList<string> Perpetrators,
    string? Text);
