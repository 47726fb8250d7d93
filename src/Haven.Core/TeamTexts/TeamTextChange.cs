namespace Haven.TeamTexts;

/// <summary>The outcome of a change: the problem, and the version the text now has (0 while it never changed).</summary>
internal sealed record TeamTextChange(TeamTextOutcome Problem, int Version);
