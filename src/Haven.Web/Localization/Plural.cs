using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Haven.Web.Localization;

/// <summary>
/// Counted phrases in the page's language. A counted message is a family of keys, one per CLDR plural
/// category its language uses (<c>Files_Hint_One</c>, <c>Files_Hint_Few</c>, <c>Files_Hint_Many</c> in
/// Russian; <c>Files_Hint_One</c>, <c>Files_Hint_Other</c> in English); the count picks the key by
/// <see cref="PluralRules"/> ("до 1 файла", "до 2 файлов", "до 21 файла"). A category the language's file
/// lacks falls back to <c>_Other</c>, then to the plain key, so that a message without forms works too.
/// </summary>
internal static class Plural
{
    /// <summary>The form of <paramref name="key"/> for <paramref name="count"/>, with the count as <c>{0}</c>.</summary>
    public static LocalizedString Of(IStringLocalizer t, string key, long count) => Of(t, key, count, (object)count);

    /// <summary>The form of <paramref name="key"/> for a count with a fraction (1.5 is "other" in English and Russian), with it as <c>{0}</c>.</summary>
    public static LocalizedString Of(IStringLocalizer t, string key, decimal count) => Of(t, key, count, (object)count);

    /// <summary>The form of <paramref name="key"/> for <paramref name="count"/>, formatted with <paramref name="arguments"/> (which hold the count where the text shows it).</summary>
    public static LocalizedString Of(IStringLocalizer t, string key, decimal count, params object?[] arguments)
    {
        var category = PluralRules.Category(CultureInfo.CurrentUICulture, count);
        foreach (var name in new[] { Key(key, category), Key(key, PluralCategory.Other), key })
        {
            var text = t[name, arguments!];
            if (!text.ResourceNotFound)
            {
                return text;
            }
        }

        return t[key, arguments!];
    }

    /// <summary>The resource key of <paramref name="key"/>'s form for <paramref name="category"/>: <c>Key_Few</c>.</summary>
    public static string Key(string key, PluralCategory category) => key + "_" + category;
}
