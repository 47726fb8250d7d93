namespace Haven.Act.Actions;

/// <summary>A row of the desk's list of actions.</summary>
internal sealed record ActionListRow(string Id, ActionStatus Status, ActionNumber? Number, string Title, DateTimeOffset UpdatedAt, DateOnly? Deadline);
