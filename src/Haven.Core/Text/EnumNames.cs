namespace Haven.Text;

/// <summary>
/// Reads an enum value from text by its declared name only. The framework's <see cref="Enum.TryParse{TEnum}(string?, out TEnum)"/>
/// also takes numbers ("3"), names with spaces around them and comma-separated lists it combines as flags
/// ("Coordinator, Caseworker" is 1 | 2, which is <c>Analyst</c>): none of these is a name a form or the audit log holds.
/// </summary>
internal static class EnumNames
{
    /// <summary>True when <paramref name="text"/> is exactly the name of a member of <typeparamref name="T"/>.</summary>
    /// <param name="text">The text to read.</param>
    /// <param name="value">The member, or the default when false.</param>
    /// <param name="ignoreCase">Whether the name may differ in case (for addresses and command-line options typed by hand).</param>
    public static bool TryParse<T>(string? text, out T value, bool ignoreCase = false)
        where T : struct, Enum
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (var member in Enum.GetValues<T>())
        {
            if (string.Equals(Enum.GetName(member), text, comparison))
            {
                value = member;
                return true;
            }
        }

        value = default;
        return false;
    }
}
