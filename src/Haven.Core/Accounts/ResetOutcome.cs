namespace Haven.Accounts;

/// <summary>Why a reset was refused; nothing was changed.</summary>
internal enum ResetOutcome
{
    None,
    NoSuchResponder,
    PassphraseTooShort,
    WrongRecoveryKey,
    RecoverySealMissing,

    /// <summary>A documentation key generation the responder held has no recovery seal this secret opens.</summary>
    DocumentationSealMissing,
}
