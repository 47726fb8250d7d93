using System.Buffers;
using System.Globalization;
using System.Text;
using Haven.Crypto;

namespace Haven.Record.Vocabulary;

/// <summary>The shapes of term keys, region codes, culture names and labels, shared by the commands, the import and the pages.</summary>
internal static class VocabularyRules
{
    /// <summary>The longest key or code.</summary>
    public const int MaxKeyLength = 64;

    /// <summary>The longest label, in characters.</summary>
    public const int MaxLabelLength = 200;

    /// <summary>The longest culture name (<c>zh-Hant-TW</c> fits).</summary>
    public const int MaxCultureLength = 16;

    /// <summary>The culture every term and region has a label in, and the one a missing label falls back to.</summary>
    public const string FallbackCulture = "en";

    /// <summary>The prefix of the key of a term an administrator adds: <c>t-</c> and eight lowercase hex digits.</summary>
    public const string AddedKeyPrefix = "t-";

    /// <summary><c>[a-z0-9_-]{1,64}</c>.</summary>
    public static bool IsTermKey(string? key) =>
        key is { Length: > 0 and <= MaxKeyLength } && key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');

    /// <summary><c>[A-Za-z0-9_-]{1,64}</c>.</summary>
    public static bool IsRegionKey(string? code) =>
        code is { Length: > 0 and <= MaxKeyLength } && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>A culture name: an ASCII letter first, then letters, digits and hyphens, at most 16 (<c>en</c>, <c>pt-BR</c>).</summary>
    public static bool IsCultureName(string? culture) =>
        culture is { Length: > 0 and <= MaxCultureLength } && char.IsAsciiLetter(culture[0]) && culture.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>A label without space around it and with runs of white space (line breaks too) made one space.</summary>
    public static string NormalizeLabel(string? label) =>
        string.Join(' ', (label ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Whether a normalized label may be stored: not empty, not too long, and without control or format characters.</summary>
    public static bool IsLabel(string label)
    {
        if (label.Length is 0 or > MaxLabelLength)
        {
            return false;
        }

        // No control or format characters (bidirectional overrides, zero-width joiners) and no lone surrogates.
        for (var i = 0; i < label.Length;)
        {
            if (Rune.DecodeFromUtf16(label.AsSpan(i), out var rune, out var used) != OperationStatus.Done
                || Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format)
            {
                return false;
            }

            i += used;
        }

        return true;
    }

    /// <summary>A new key for a term an administrator adds: <c>t-</c> and eight random lowercase hex digits.</summary>
    public static string NewTermKey() => AddedKeyPrefix + Hex.Encode(SodiumRandom.Bytes(4));

    /// <summary>
    /// The label for <paramref name="culture"/>: its own, then its parents' (<c>ru-RU</c> → <c>ru</c>), then English,
    /// then any label, then <paramref name="key"/> itself.
    /// </summary>
    public static string Label(IReadOnlyDictionary<string, string> labels, CultureInfo culture, string key)
    {
        ArgumentNullException.ThrowIfNull(labels);
        for (var c = culture; c is not null && c.Name.Length > 0; c = c.Parent)
        {
            if (labels.TryGetValue(c.Name, out var own))
            {
                return own;
            }
        }

        return labels.TryGetValue(FallbackCulture, out var english) ? english : labels.Values.Order(StringComparer.Ordinal).FirstOrDefault() ?? key;
    }
}
