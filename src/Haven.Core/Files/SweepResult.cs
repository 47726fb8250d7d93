namespace Haven.Files;

/// <summary>What <see cref="BlobSweep"/> did.</summary>
internal sealed record SweepResult(int Completed, int Deleted);
