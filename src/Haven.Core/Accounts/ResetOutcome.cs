namespace Haven.Accounts;

/// <summary>Why a reset was refused; nothing was changed.</summary>
internal enum ResetOutcome
{
    None,
    NoSuchResponder,
    PassphraseTooShort,
    WrongRecoveryKey,
    RecoverySealMissing,
}
