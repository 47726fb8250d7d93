namespace Haven.Act;

/// <summary>
/// The public text of an Urgent Action in one language (a value of <see cref="UrgentAction.Texts"/>, stored as
/// JSON with <see cref="ActJson"/>). <see cref="RecommendedActions"/> holds one action per line.
/// <see cref="LetterSubject"/> and <see cref="LetterBody"/> are the letter template: <see cref="LetterTemplate"/>
/// fills its placeholders.
/// </summary>
internal sealed record ActionText(
    string Title,
    string Summary,
    string Background,
    string RecommendedActions,
    string LetterSubject,
    string LetterBody);
