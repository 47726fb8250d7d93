namespace Haven.Export;

/// <summary>What <see cref="DecryptAllCommand"/> wrote, and how much of it failed.</summary>
/// <param name="Cases">Cases written.</param>
/// <param name="Records">Records seen (opened or not).</param>
/// <param name="Files">Files written whose size and SHA-256 match their record.</param>
/// <param name="Failures">Records that did not open and files that could not be written intact.</param>
internal sealed record DecryptAllResult(int Cases, int Records, int Files, int Failures);
