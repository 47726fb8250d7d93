using System.Text;

namespace Haven.Act;

/// <summary>
/// Letter templates: plain text with the placeholders <c>{salutation}</c>, <c>{target}</c>, <c>{name}</c> and
/// <c>{town}</c> (the same names in every language). Anything else in braces is left as written, so a template
/// cannot break: the campaigner sees it in the sample letter and corrects it.
/// </summary>
internal static class LetterTemplate
{
    /// <summary>The placeholders a template may use.</summary>
    public static readonly IReadOnlyList<string> Placeholders = ["{salutation}", "{target}", "{name}", "{town}"];

    /// <summary>Fills <paramref name="template"/>'s placeholders; each value is inserted as text, once, never read again as a placeholder.</summary>
    public static string Render(string template, LetterFields fields)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(fields);
        var output = new StringBuilder(template.Length + 64);
        var i = 0;
        while (i < template.Length)
        {
            var replaced = false;
            if (template[i] == '{')
            {
                foreach (var (placeholder, value) in Pairs(fields))
                {
                    if (string.CompareOrdinal(template, i, placeholder, 0, placeholder.Length) == 0)
                    {
                        output.Append(value);
                        i += placeholder.Length;
                        replaced = true;
                        break;
                    }
                }
            }

            if (!replaced)
            {
                output.Append(template[i]);
                i++;
            }
        }

        return output.ToString();
    }

    private static (string, string)[] Pairs(LetterFields f) =>
        [("{salutation}", f.Salutation), ("{target}", f.Target), ("{name}", f.Name), ("{town}", f.Town)];
}
