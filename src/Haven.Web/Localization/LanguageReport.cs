using System.Globalization;

namespace Haven.Web.Localization;

/// <summary>
/// What a language's resource file still lacks compared with English: keys missing, keys left in English,
/// keys no longer used. Counted messages are families (<c>Key_One</c>, <c>Key_Other</c>…): each language
/// needs the forms its <see cref="PluralRules"/> entry lists, not English's.
/// </summary>
/// <param name="Culture">The language.</param>
/// <param name="Missing">Keys the language needs and its file lacks (the page would show English there).</param>
/// <param name="Untranslated">Keys whose text is the same as English's, apart from <see cref="TranslationReport.SameInEveryLanguage"/>.</param>
/// <param name="Unused">Keys in the language's file that English no longer has, or plural forms its rule never picks.</param>
internal sealed record LanguageReport(CultureInfo Culture, IReadOnlyList<string> Missing, IReadOnlyList<string> Untranslated, IReadOnlyList<string> Unused);
