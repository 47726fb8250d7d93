namespace Haven.Files;

/// <summary>What <see cref="CleanCopyCommand"/> did; <paramref name="CopyId"/> is the new file when one was made.</summary>
internal sealed record CleanCopyResult(CleanCopyOutcome Outcome, string? CopyId = null);
