using System.Net;
using System.Text.RegularExpressions;

namespace Haven.Web.Tests.Record;

/// <summary>
/// Reads a form of a page the way a browser without JavaScript sends it: hidden and text inputs with their
/// values, checked boxes and radios, each select's selected option (or its first), each textarea's text. Tests
/// then change a field or two and post the whole form, as a responder would.
/// </summary>
internal static partial class EventForms
{
    /// <summary>The fields of the form with id <paramref name="formId"/>, in document order.</summary>
    public static List<KeyValuePair<string, string>> Fields(string html, string formId)
    {
        var start = html.IndexOf($"id=\"{formId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No form {formId}");
        start = html.LastIndexOf("<form", start, StringComparison.Ordinal);
        var end = html.IndexOf("</form>", start, StringComparison.Ordinal);
        var form = html[start..end];
        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match element in Element().Matches(form))
        {
            var attributes = Attributes(element.Groups["attributes"].Value);
            if (!attributes.TryGetValue("name", out var name) || name is null)
            {
                continue;
            }

            switch (element.Groups["tag"].Value)
            {
                case "input":
                    var type = attributes.GetValueOrDefault("type") ?? "text";
                    if (type is "checkbox" or "radio" && !attributes.ContainsKey("checked"))
                    {
                        continue;
                    }

                    fields.Add(new(name, attributes.GetValueOrDefault("value") ?? (type is "checkbox" or "radio" ? "on" : "")));
                    break;
                case "textarea":
                    fields.Add(new(name, WebUtility.HtmlDecode(element.Groups["body"].Value)));
                    break;
                default:
                    var options = Option().Matches(element.Groups["body"].Value).Select(o => Attributes(o.Groups["attributes"].Value)).ToList();
                    var chosen = options.FirstOrDefault(o => o.ContainsKey("selected")) ?? options.FirstOrDefault();
                    if (chosen is not null)
                    {
                        fields.Add(new(name, chosen.GetValueOrDefault("value") ?? ""));
                    }

                    break;
            }
        }

        return fields;
    }

    /// <summary>The action the form posts to (decoded).</summary>
    public static string Action(string html, string formId)
    {
        var start = html.LastIndexOf("<form", html.IndexOf($"id=\"{formId}\"", StringComparison.Ordinal), StringComparison.Ordinal);
        var tag = html[start..html.IndexOf('>', start)];
        return WebUtility.HtmlDecode(Regex.Match(tag, "action=\"([^\"]*)\"").Groups[1].Value);
    }

    /// <summary>Sets (or adds) field <paramref name="name"/> to <paramref name="value"/>.</summary>
    public static List<KeyValuePair<string, string>> With(this List<KeyValuePair<string, string>> fields, string name, string value)
    {
        var index = fields.FindIndex(f => f.Key == name);
        if (index < 0)
        {
            fields.Add(new(name, value));
        }
        else
        {
            fields[index] = new(name, value);
        }

        return fields;
    }

    public static string Value(this List<KeyValuePair<string, string>> fields, string name) => fields.Single(f => f.Key == name).Value;

    private static Dictionary<string, string?> Attributes(string text) =>
        Attribute().Matches(text).GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.First().Groups[2].Success ? WebUtility.HtmlDecode(g.First().Groups[2].Value) : null);

    [GeneratedRegex("<(?<tag>input)(?<attributes>[^>]*)>|<(?<tag>select|textarea)(?<attributes>[^>]*)>(?<body>.*?)</\\k<tag>>", RegexOptions.Singleline)]
    private static partial Regex Element();

    [GeneratedRegex("<option(?<attributes>[^>]*)>", RegexOptions.Singleline)]
    private static partial Regex Option();

    [GeneratedRegex("([a-zA-Z][\\w.-]*)(?:=\"([^\"]*)\")?")]
    private static partial Regex Attribute();
}
