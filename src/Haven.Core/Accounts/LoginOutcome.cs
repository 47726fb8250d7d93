namespace Haven.Accounts;

internal enum LoginOutcome
{
    Success,
    Failed,
    CodeReused,

    /// <summary>The name's allowance of failures is spent (<see cref="LoginResult.RetryAfter"/>).</summary>
    Throttled,

    /// <summary>The instance checks as many logins as its Argon2id budget allows (<see cref="LoginResult.RetryAfter"/>).</summary>
    Busy,
}
