namespace Haven.Retention;

/// <summary>How many of a responder's cases will be purged within the warning period, and its last day.</summary>
internal sealed record RetentionWarning(int Cases, DateOnly Until);
