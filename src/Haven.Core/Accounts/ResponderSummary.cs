namespace Haven.Accounts;

/// <summary>One responder as the administration page and <c>haven responder list</c> show them.</summary>
internal sealed record ResponderSummary(string Id, string Name, ResponderRole Role, bool Active, DateOnly CreatedOn);
