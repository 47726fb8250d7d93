using System.Globalization;
using System.Text;

namespace Haven.Crypto;

/// <summary>
/// The source receipt: 20 random decimal digits (about 66 bits), the only thing a source keeps to come back.
/// Digits rather than words so that it can be typed on any keyboard, in any script.
/// </summary>
public static class Receipt
{
    /// <summary>Number of digits in a receipt.</summary>
    public const int Digits = 20;

    private const int GroupLength = 4;

    /// <summary>
    /// Draws a new receipt: 20 independent uniform digits (<c>randombytes_uniform(10)</c>, no modulo bias).
    /// </summary>
    /// <returns>The 20 ASCII digits, without separators.</returns>
    public static string Generate()
    {
        Span<char> digits = stackalloc char[Digits];
        for (var i = 0; i < Digits; i++)
        {
            digits[i] = (char)('0' + SodiumRandom.Uniform(10));
        }

        var receipt = new string(digits);
        SecureMemory.Wipe(digits);
        return receipt;
    }

    /// <summary>
    /// Reduces what a person typed to the 20 ASCII digits the derivation uses. Spaces (any white space) and
    /// dashes/hyphens are dropped; decimal digits of any script (Arabic-Indic, Devanagari, fullwidth, …) are
    /// mapped to ASCII, since a phone keyboard may produce them. Anything else (letters, punctuation) is
    /// rejected rather than ignored, so that a typo is reported instead of yielding another receipt.
    /// </summary>
    /// <param name="input">The receipt as typed.</param>
    /// <param name="digits">The 20 ASCII digits on success; empty otherwise.</param>
    /// <returns>True if the input holds exactly 20 digits and nothing but separators.</returns>
    public static bool TryNormalize(string? input, out string digits)
    {
        digits = string.Empty;
        if (input is null)
        {
            return false;
        }

        Span<char> buffer = stackalloc char[Digits];
        var count = 0;
        try
        {
            // Runes rather than chars, so that digits outside the BMP are recognised and lone surrogates rejected.
            foreach (var rune in input.EnumerateRunes())
            {
                if (Rune.IsDigit(rune))
                {
                    var value = Rune.GetNumericValue(rune);
                    if (count == Digits || value is < 0 or > 9)
                    {
                        return false;
                    }

                    buffer[count++] = (char)('0' + (int)value);
                }
                else if (!Rune.IsWhiteSpace(rune) && Rune.GetUnicodeCategory(rune) != UnicodeCategory.DashPunctuation)
                {
                    return false;
                }
            }

            if (count != Digits)
            {
                return false;
            }

            digits = new string(buffer);
            return true;
        }
        finally
        {
            SecureMemory.Wipe(buffer);
        }
    }

    /// <summary>Formats 20 digits for display as five groups of four: <c>1234 5678 9012 3456 7890</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="digits"/> is not exactly 20 ASCII digits.</exception>
    public static string Format(string digits)
    {
        ValidateNormalized(digits, nameof(digits));
        var builder = new StringBuilder(Digits + (Digits / GroupLength) - 1);
        for (var i = 0; i < Digits; i += GroupLength)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            builder.Append(digits, i, GroupLength);
        }

        return builder.ToString();
    }

    /// <summary>Refuses anything but the 20 ASCII digits <see cref="TryNormalize"/> yields, naming the parameter.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="digits"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="digits"/> is not exactly 20 ASCII digits.</exception>
    internal static void ValidateNormalized(string digits, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(digits, parameterName);
        if (digits.Length != Digits || !digits.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"A normalized receipt must be exactly {Digits} ASCII digits.", parameterName);
        }
    }
}
