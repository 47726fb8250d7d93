using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Haven.Storage;
using Haven.Text;
using Microsoft.EntityFrameworkCore;

namespace Haven.Accounts;

/// <summary>
/// Rules for responder names, which the desk shows in lists, the audit log, notes and ticks: no invisible
/// character (<see cref="InvisibleCharacters"/>) and no space but a single U+0020, kept in composed form (NFC),
/// and never a name that looks like one already taken: two names whose UTS #39 confusable skeletons are equal,
/// as written or both in lower case, are one name (Latin "Olga" and "Оlga" with a Cyrillic "О"; "Olga" and
/// "OLGA"). The skeleton uses Unicode's confusables.txt (version 16.0.0), embedded and read once, on first use.
/// </summary>
internal static class ResponderNames
{
    private static readonly Lazy<FrozenDictionary<int, string>> Confusables = new(Load);

    /// <summary>The name as it is kept: trimmed and composed (NFC). Only for a name that <see cref="Check"/> accepts.</summary>
    public static string Normalize(string name) => name.Trim().Normalize(NormalizationForm.FormC);

    /// <summary>Whether the characters and the length of a name are acceptable (not whether it is free).</summary>
    public static ResponderOutcome Check(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return ResponderOutcome.NameInvalid;
        }

        var trimmed = name.Trim();
        var previousSpace = false;
        var index = 0;
        while (index < trimmed.Length)
        {
            if (Rune.DecodeFromUtf16(trimmed.AsSpan(index), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return ResponderOutcome.NameInvalid;
            }

            index += consumed;
            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.Control)
            {
                return ResponderOutcome.NameInvalid;
            }

            var space = rune.Value == ' ';
            if (InvisibleCharacters.IsInvisible(rune)
                || category is UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse
                || (category == UnicodeCategory.SpaceSeparator && !space)
                || (space && previousSpace))
            {
                // A second space in a row is invisible in a page too: HTML shows one.
                return ResponderOutcome.NameInvisible;
            }

            previousSpace = space;
        }

        return Normalize(trimmed).Length > NewResponder.MaxNameLength ? ResponderOutcome.NameInvalid : ResponderOutcome.None;
    }

    /// <summary>The UTS #39 skeleton: NFD, each code point mapped to its prototype in confusables.txt, NFD again.</summary>
    public static string Skeleton(string name)
    {
        var map = Confusables.Value;
        var builder = new StringBuilder(name.Length);
        foreach (var rune in name.Normalize(NormalizationForm.FormD).EnumerateRunes())
        {
            if (map.TryGetValue(rune.Value, out var prototype))
            {
                builder.Append(prototype);
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormD);
    }

    /// <summary>True when two names would be mistaken for each other: equal skeletons, as written or in lower case.</summary>
    public static bool LookAlike(string a, string b) =>
        string.Equals(Skeleton(a), Skeleton(b), StringComparison.Ordinal)
        || string.Equals(Skeleton(a.ToLowerInvariant()), Skeleton(b.ToLowerInvariant()), StringComparison.Ordinal);

    /// <summary>
    /// Whether a normalized name is free: <see cref="ResponderOutcome.NameTaken"/> when a responder has exactly
    /// that name, <see cref="ResponderOutcome.NameConfusable"/> when one has a name that looks like it.
    /// </summary>
    public static async Task<ResponderOutcome> FreeAsync(HavenDbContext db, string name, CancellationToken cancellationToken)
    {
        var names = await db.Responders.AsNoTracking().Select(r => r.Name).ToListAsync(cancellationToken);
        if (names.Contains(name, StringComparer.Ordinal))
        {
            return ResponderOutcome.NameTaken;
        }

        return names.Any(existing => LookAlike(existing, name)) ? ResponderOutcome.NameConfusable : ResponderOutcome.None;
    }

    private static FrozenDictionary<int, string> Load()
    {
        using var stream = typeof(ResponderNames).Assembly.GetManifestResourceStream("Haven.Accounts.confusables.txt")
            ?? throw new InvalidOperationException("The embedded confusables.txt is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var map = new Dictionary<int, string>();
        while (reader.ReadLine() is { } line)
        {
            // "0430 ;\t0061 ;\tMA\t# ( а → a ) CYRILLIC SMALL LETTER A → LATIN SMALL LETTER A"
            var data = line.Split('#', 2)[0];
            var fields = data.Split(';');
            if (fields.Length < 2 || fields[0].Trim().Length == 0)
            {
                continue;
            }

            var source = int.Parse(fields[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var target = new StringBuilder();
            foreach (var code in fields[1].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                target.Append(char.ConvertFromUtf32(int.Parse(code, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }

            map[source] = target.ToString();
        }

        return map.ToFrozenDictionary();
    }
}
