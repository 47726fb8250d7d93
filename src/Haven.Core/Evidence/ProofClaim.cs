namespace Haven.Evidence;

/// <summary>One field of a proof as the capture app wrote it (for example <c>Location.Latitude</c>): what the app claims, not what Haven checked.</summary>
internal sealed record ProofClaim(string Name, string Value);
