namespace Haven.Files;

/// <summary>Why a file was not taken.</summary>
internal enum FileOutcome
{
    None,
    TooLarge,
    TooMany,
    QuotaExceeded,
}
