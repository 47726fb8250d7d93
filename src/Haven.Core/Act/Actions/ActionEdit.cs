namespace Haven.Act.Actions;

/// <summary>
/// What the edit form sends: the languages as typed ("en, ru"), the texts per language (letter template
/// included), the deadline, the consent tick and whether supporters' letters wait for moderation.
/// </summary>
internal sealed record ActionEdit(
    string Languages,
    IReadOnlyDictionary<string, ActionText> Texts,
    DateOnly? Deadline,
    bool PersonConsented,
    bool Moderated);
