namespace Haven.Web.Pages.Desk.Record;

/// <summary>What the event form partials show: what is typed, the lists to choose from and the victims an act may name (id and label).</summary>
internal sealed record EventFormView(EventInput Input, EventChoices Choices, IReadOnlyList<(string Id, string Label)> Victims);
