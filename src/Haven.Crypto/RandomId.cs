namespace Haven.Crypto;

/// <summary>
/// Identifiers for cases, records and responders: 16 random bytes as 32 lowercase hexadecimal characters.
/// They are random rather than sequential or time-based so that an id reveals neither order nor date.
/// </summary>
public static class RandomId
{
    /// <summary>Length of an id in characters.</summary>
    public const int Length = 32;

    /// <summary>Draws a new id: 16 random bytes as 32 lowercase hexadecimal characters.</summary>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[Length / 2];
        SodiumRandom.Fill(bytes);
        return Hex.Encode(bytes);
    }

    /// <summary>
    /// Whether <paramref name="id"/> has the form of an id (exactly 32 lowercase hexadecimal characters), for
    /// validating ids from URLs or forms before use; the associated data of the protocol requires this form.
    /// </summary>
    public static bool IsValid(string? id) =>
        id is { Length: Length } && id.All(static c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>Refuses an id that is not in the form <see cref="IsValid"/> accepts, naming the parameter.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="id"/> is not 32 lowercase hexadecimal characters.</exception>
    internal static void Validate(string id, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(id, parameterName);
        if (!IsValid(id))
        {
            throw new ArgumentException($"An id must be {Length} lowercase hexadecimal characters, not \"{id}\".", parameterName);
        }
    }
}
