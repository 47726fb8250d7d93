namespace Haven.Files;

/// <summary>Why a file was not taken.</summary>
internal enum FileProblem
{
    None,
    TooLarge,
    TooMany,
    QuotaExceeded,
}
