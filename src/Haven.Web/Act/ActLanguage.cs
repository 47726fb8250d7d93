using System.Globalization;
using Haven.Act;
using Haven.Act.Letters;
using Haven.Web.Hosting;

namespace Haven.Web.Act;

/// <summary>
/// The languages of the public Act pages: the site's (English, Russian) for the chrome, plus any language an action
/// is written in for its texts. A page's language is its <c>lang</c> parameter (set by the pages' own language
/// switch, carried by their links and forms); without one, the site's language (cookie or browser). In a language
/// the site does not have, the chrome is English and the action's texts are in that language.
/// </summary>
internal static class ActLanguage
{
    public const string Parameter = "lang";

    /// <summary>The request's <c>lang</c> when it is a well-formed culture name ("tr", "pt-BR"); null otherwise.</summary>
    public static string? Requested(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var value = context.Request.Query[Parameter].ToString();
        return IsCultureName(value) ? value : null;
    }

    /// <summary>Whether <paramref name="value"/> looks like a culture name that .NET knows.</summary>
    public static bool IsCultureName(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 20 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return false;
        }

        try
        {
            return !CultureInfo.GetCultureInfo(value, predefinedOnly: true).Equals(CultureInfo.InvariantCulture);
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The language of <paramref name="action"/>'s texts on this page: <paramref name="requested"/> when the action has it, else the page's language when it has that, else its first.</summary>
    public static string TextLanguage(UrgentAction action, string? requested)
    {
        var languages = ActionLookup.LanguagesOf(action);
        if (requested is not null && languages.Contains(requested, StringComparer.Ordinal))
        {
            return requested;
        }

        var current = CultureInfo.CurrentUICulture.Name;
        return languages.Contains(current, StringComparer.Ordinal) ? current : languages.Count > 0 ? languages[0] : "en";
    }

    /// <summary>The languages the switch offers on a page of <paramref name="action"/> (the site's, then the action's others); the site's alone without one.</summary>
    public static IReadOnlyList<string> Offered(UrgentAction? action) =>
        [.. HavenApp.Cultures.Select(c => c.Name).Concat(action is null ? [] : ActionLookup.LanguagesOf(action)).Distinct(StringComparer.Ordinal)];

    /// <summary>A language's name in itself ("English", "Русский", "Türkçe").</summary>
    public static string NativeName(string language)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        var name = culture.NativeName;
        return name.Length == 0 ? language : culture.TextInfo.ToUpper(name[0]) + name[1..];
    }

    /// <summary>The request's address with <c>?lang=</c> <paramref name="language"/> (and the other query values kept).</summary>
    public static string With(HttpRequest request, string language)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query.Where(q => q.Key != Parameter).SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new KeyValuePair<string, string?>(Parameter, language));
        return request.PathBase + request.Path + Microsoft.AspNetCore.Http.QueryString.Create(query);
    }
}
