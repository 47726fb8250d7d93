namespace Haven.Record.Vocabulary;

/// <summary>
/// The reliability of a source of information, an integer from <see cref="Min"/> (1, lowest) to
/// <see cref="Max"/> (5, highest): 1 unconfirmed, 2 doubtful, 3 fairly reliable, 4 reliable, 5 fully reliable
/// (labels <c>Record.Reliability.1</c> … <c>Record.Reliability.5</c> in the web's resources).
/// </summary>
internal static class Reliability
{
    public const int Min = 1;

    public const int Max = 5;

    /// <summary>Every level, lowest first.</summary>
    public static readonly IReadOnlyList<int> All = [1, 2, 3, 4, 5];

    public static bool IsValid(int level) => level is >= Min and <= Max;
}
