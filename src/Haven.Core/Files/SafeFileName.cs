using System.Globalization;
using System.Text;

namespace Haven.Files;

/// <summary>
/// File names from people are hostile input: path separators, control and bidirectional-override
/// characters, reserved device names, names thousands of characters long. The name as received is kept
/// (trimmed to a bound) inside the encrypted record for the record's sake; this gives the name a download
/// may carry.
/// </summary>
internal static class SafeFileName
{
    /// <summary>Most characters of a received name kept in the record.</summary>
    public const int MaxStoredLength = 1024;

    /// <summary>Most characters of a download name.</summary>
    public const int MaxLength = 120;

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>The name to keep in the record: only the last path segment, without control characters, bounded.</summary>
    public static string ForRecord(string? received)
    {
        var name = received ?? "";
        var slash = name.LastIndexOfAny(['/', '\\']);
        name = slash >= 0 ? name[(slash + 1)..] : name;
        name = WithoutControls(name).Normalize(NormalizationForm.FormC);
        return name.Length > MaxStoredLength ? TruncateKeepingExtension(name, MaxStoredLength) : name;
    }

    /// <summary>A name safe on any file system and in any header: letters, digits and a few marks; the extension kept.</summary>
    public static string ForDownload(string? name, string fallback = "file")
    {
        var builder = new StringBuilder();
        foreach (var rune in ForRecord(name).EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsLetterOrDigit(rune) || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                builder.Append(rune.ToString());
            }
            else if (rune.Value is '.' or '-' or '_' or '(' or ')' or ' ')
            {
                builder.Append((char)rune.Value);
            }
            else
            {
                builder.Append('_');
            }
        }

        var safe = builder.ToString().Trim(' ', '.');
        while (safe.Contains("..", StringComparison.Ordinal))
        {
            safe = safe.Replace("..", ".", StringComparison.Ordinal);
        }

        // Windows ignores trailing spaces when it matches a device name: "CON .txt" is CON too.
        if (safe.Length == 0 || Reserved.Contains(safe.Split('.')[0].TrimEnd(' ')))
        {
            safe = fallback + (safe.Length == 0 ? "" : "_" + safe);
        }

        return safe.Length > MaxLength ? TruncateKeepingExtension(safe, MaxLength) : safe;
    }

    /// <summary>
    /// The name as the desk and the intake show it: every bidirectional control and other invisible character
    /// made visible as a marker such as <c>⟨U+202E⟩</c> (<see cref="Text.InvisibleCharacters.MakeVisible"/>), so
    /// that a name cannot read as something else. Use it wherever a file name is displayed.
    /// </summary>
    public static string ForDisplay(string? name) => Text.InvisibleCharacters.MakeVisible(name);

    /// <summary>Cuts a long name to <paramref name="length"/>, keeping a short extension (".pdf") at its end.</summary>
    private static string TruncateKeepingExtension(string name, int length)
    {
        var dot = name.LastIndexOf('.');
        var extension = dot > 0 && name.Length - dot <= 16 ? name[dot..] : "";
        return Truncate(name, length - extension.Length).TrimEnd(' ', '.') + extension;
    }

    /// <summary>
    /// Drops control characters, and replaces a lone surrogate or a noncharacter (invalid input that would
    /// make normalization throw) with U+FFFD.
    /// </summary>
    private static string WithoutControls(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
            {
                builder.Append('\uFFFD');
            }
            else if (!char.IsControl(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string Truncate(string value, int length)
    {
        // Never cut a surrogate pair in half.
        if (length < value.Length && char.IsHighSurrogate(value[length - 1]))
        {
            length--;
        }

        return value[..length];
    }
}
