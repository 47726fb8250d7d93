namespace Haven.Cases;

/// <summary>A listed case with its assignee's name and, when the purge is near, the day it will be deleted.</summary>
internal sealed record InboxRow(InboxItem Case, string? AssignedTo, string? AssignedName, DateOnly? PurgeOn);
