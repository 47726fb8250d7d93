namespace Haven.Abuse;

/// <summary>Why an attempt was not let through to its Argon2id step.</summary>
internal enum ThrottleRefusal
{
    /// <summary>Admitted.</summary>
    None,

    /// <summary>The responder name (or device) has spent its allowance of failures.</summary>
    NameLocked,

    /// <summary>The instance is checking as many attempts as its Argon2id budget allows.</summary>
    Busy,
}
