namespace Haven.Files;

/// <summary>What <see cref="WorkingCopyMaker"/> did; <paramref name="CopyId"/> is the new file when one was made (or the one a repeated form made).</summary>
internal sealed record WorkingCopyResult(WorkingCopyOutcome Outcome, string? CopyId = null);
