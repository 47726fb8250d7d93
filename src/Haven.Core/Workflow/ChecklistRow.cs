namespace Haven.Workflow;

/// <summary>An active checklist item and whether it is ticked for the case, by whom and which day.</summary>
internal sealed record ChecklistRow(int ItemId, string? Key, string? Text, string? CheckedBy, string? CheckedByName, DateOnly? CheckedOn);
