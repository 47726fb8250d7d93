using System.Globalization;
using System.Text;

namespace Haven.Text;

/// <summary>
/// Characters that show nothing yet change what a reader sees: controls (Cc), format characters (Cf, which
/// hold every bidirectional control: U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), line and
/// paragraph separators (Zl, Zp), Unicode's default-ignorable code points (fillers, variation selectors,
/// tags) and a few blank letters. Names refuse them; file names, which a person chooses, show them as a
/// visible marker instead.
/// </summary>
internal static class InvisibleCharacters
{
    /// <summary>True when <paramref name="rune"/> is invisible or changes the direction of the text around it.</summary>
    public static bool IsInvisible(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            || IsDefaultIgnorable(rune.Value)
            || rune.Value is 0x2800; // BRAILLE PATTERN BLANK: a letter that draws nothing.
    }

    /// <summary>Default_Ignorable_Code_Point of Unicode's DerivedCoreProperties.txt (stable since Unicode 4.0, ranges reserved for it included).</summary>
    public static bool IsDefaultIgnorable(int value) => value switch
    {
        0x00AD or 0x034F or 0x061C or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x3164 or 0xFEFF or 0xFFA0 => true,
        >= 0x180B and <= 0x180F => true, // Mongolian free variation selectors and vowel separator
        >= 0x200B and <= 0x200F => true, // zero-width space, joiners, direction marks
        >= 0x202A and <= 0x202E => true, // embeddings and overrides
        >= 0x2060 and <= 0x206F => true, // word joiner, invisible operators, isolates, deprecated format characters
        >= 0xFE00 and <= 0xFE0F => true, // variation selectors
        >= 0xFFF0 and <= 0xFFF8 => true,
        >= 0x1BCA0 and <= 0x1BCA3 => true, // shorthand format controls
        >= 0x1D173 and <= 0x1D17A => true, // musical format controls
        >= 0xE0000 and <= 0xE0FFF => true, // tags, variation selectors supplement
        _ => false,
    };

    /// <summary>
    /// The text with every invisible character shown as a marker such as <c>⟨U+202E⟩</c>, so that a file name
    /// like <c>invoice‮fdp.exe</c> reads as it is and not as <c>invoiceexe.pdf</c>. A lone surrogate shows as U+FFFD.
    /// </summary>
    public static string MakeVisible(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        var builder = new StringBuilder(text.Length);
        var index = 0;
        while (index < text.Length)
        {
            Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed);
            index += consumed;
            if (IsInvisible(rune))
            {
                builder.Append('\u27E8').Append("U+").Append(rune.Value.ToString("X4", CultureInfo.InvariantCulture)).Append('\u27E9');
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }
}
