namespace Haven.Accounts;

/// <summary>How a passphrase change ended.</summary>
internal enum PassphraseChange
{
    Changed,
    CurrentWrong,
    TooShort,
    Throttled,
}
