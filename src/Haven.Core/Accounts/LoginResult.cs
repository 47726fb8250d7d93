namespace Haven.Accounts;

/// <summary>How a login ended; a responder on success, when to try again when throttled or busy.</summary>
internal sealed record LoginResult(LoginOutcome Outcome, UnlockedResponder? Responder = null, TimeSpan RetryAfter = default);
