namespace Haven.Act.Actions;

/// <summary>An action as the desk shows it: with its targets (ordered), updates, counts and the number of held submissions.</summary>
internal sealed record ActionOnDesk(
    UrgentAction Action,
    IReadOnlyList<ActionTarget> Targets,
    IReadOnlyList<ActionUpdate> Updates,
    IReadOnlyList<ActionCount> Counts,
    int Held)
{
    /// <summary>The texts per language.</summary>
    public Dictionary<string, ActionText> Texts { get; } = ActJson.ReadMap<ActionText>(Action.Texts);

    /// <summary>The languages, in order.</summary>
    public IReadOnlyList<string> Languages { get; } = ActionTexts.LanguagesOf(Action);

    /// <summary>The title in the first language that has one, or "".</summary>
    public string Title => Languages.Select(l => Texts.GetValueOrDefault(l)?.Title).FirstOrDefault(t => !string.IsNullOrEmpty(t)) ?? "";
}
