namespace Haven.Record.Events;

/// <summary>One entry of a subject's history.</summary>
internal sealed record VersionInfo(int Number, DateOnly CreatedOn);
