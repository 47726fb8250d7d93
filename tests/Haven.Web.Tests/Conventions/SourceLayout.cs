using System.Text;
using System.Text.RegularExpressions;

namespace Haven.Web.Tests.Conventions;

/// <summary>
/// Reads the top-level type declarations of a C# file with a file-scoped namespace, without a compiler: comments,
/// string and character literals are blanked first (interpolation holes are read as code), then declarations are
/// found at brace depth 0; nested types are seen at depth 1 only to name a partial container's file.
/// </summary>
internal static partial class SourceLayout
{
    /// <summary>What is wrong with a file's declarations, or null when it declares one type named like the file.</summary>
    /// <param name="fileName">The file's name, e.g. <c>ReplyCommand.cs</c> or <c>Case.cshtml.cs</c>.</param>
    /// <param name="text">The file's text.</param>
    public static string? Check(string fileName, string text)
    {
        var (topLevel, nested) = Declarations(text);
        if (topLevel.Count == 0)
        {
            return "declares no type";
        }

        if (topLevel.Count > 1)
        {
            return "declares " + topLevel.Count + " top-level types: " + string.Join(", ", topLevel.Select(t => t.Name));
        }

        var type = topLevel[0];
        if (fileName.EndsWith(".cshtml.cs", StringComparison.Ordinal))
        {
            // A page model is named after its page or its area (Desk/Index.cshtml.cs holds InboxModel).
            return type.Name.EndsWith("Model", StringComparison.Ordinal) ? null : $"declares {type.Name}, not a page model";
        }

        var expected = fileName[..^".cs".Length];
        if (type.Name == expected)
        {
            return null;
        }

        // A partial container grouping one nested type, as Interop groups Sodium in Interop/Sodium.cs.
        if (type.Partial && nested.Contains(expected))
        {
            return null;
        }

        return $"declares {type.Name}, not {expected}";
    }

    /// <summary>The top-level types (name without generic parameters, and whether partial) and the names of the types nested one level deep.</summary>
    public static (List<(string Name, bool Partial)> TopLevel, HashSet<string> Nested) Declarations(string text)
    {
        var lines = Mask(text).Split('\n');
        var topLevel = new List<(string Name, bool Partial)>();
        var nested = new HashSet<string>(StringComparer.Ordinal);
        var depth = 0;
        var paren = 0;
        var open = false;
        foreach (var line in lines)
        {
            if (paren == 0 && (depth == 0 && !open || depth == 1))
            {
                var match = Declaration().Match(line);
                if (!match.Success)
                {
                    match = Delegate().Match(line);
                }

                if (match.Success)
                {
                    if (depth == 0)
                    {
                        topLevel.Add((match.Groups["name"].Value, match.Groups["mods"].Value.Contains("partial", StringComparison.Ordinal)));
                        open = true;
                    }
                    else
                    {
                        nested.Add(match.Groups["name"].Value);
                    }
                }
            }

            foreach (var c in line)
            {
                switch (c)
                {
                    case '{':
                        depth++;
                        break;
                    case '}':
                        depth--;
                        open &= !(depth == 0 && paren == 0);
                        break;
                    case '(':
                        paren++;
                        break;
                    case ')':
                        paren--;
                        break;
                    case ';':
                        open &= !(depth == 0 && paren == 0);
                        break;
                }
            }
        }

        return (topLevel, nested);
    }

    /// <summary>The text with comments and the contents of string and character literals replaced by spaces; lines are kept.</summary>
    public static string Mask(string s)
    {
        var output = new StringBuilder(s);
        Code(s, output, 0, closeOnBrace: false);
        return output.ToString();
    }

    private static void Blank(StringBuilder output, int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            if (output[k] != '\n')
            {
                output[k] = ' ';
            }
        }
    }

    // Reads code from i; inside an interpolation hole, returns just after the '}' that closes it.
    private static int Code(string s, StringBuilder output, int i, bool closeOnBrace)
    {
        var depth = 0;
        while (i < s.Length)
        {
            var c = s[i];
            var next = i + 1 < s.Length ? s[i + 1] : '\0';
            if (c == '/' && next == '/')
            {
                var end = s.IndexOf('\n', i);
                end = end < 0 ? s.Length : end;
                Blank(output, i, end);
                i = end;
                continue;
            }

            if (c == '/' && next == '*')
            {
                var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal) + 2;
                Blank(output, i, end);
                i = end;
                continue;
            }

            if (c == '\'')
            {
                var end = i + 1;
                while (s[end] != '\'')
                {
                    end += s[end] == '\\' ? 2 : 1;
                }

                Blank(output, i + 1, end);
                i = end + 1;
                continue;
            }

            var literal = c is '$' or '@' or '"' ? StringStart().Match(s, i) : Match.Empty;
            if (literal.Success && literal.Index == i)
            {
                i = StringLiteral(s, output, literal);
                continue;
            }

            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                if (closeOnBrace && depth == 0)
                {
                    return i + 1;
                }

                depth--;
            }

            i++;
        }

        return i;
    }

    private static int StringLiteral(string s, StringBuilder output, Match literal)
    {
        var interpolated = literal.Groups["d1"].Length + literal.Groups["d2"].Length > 0;
        var verbatim = literal.Groups["at"].Length > 0;
        var quotes = literal.Groups["q"].Length;
        var start = literal.Index + literal.Length;
        if (quotes >= 3)
        {
            // A raw string literal; none in this code interpolates, so its holes are not read as code.
            var end = s.IndexOf(new string('"', quotes), start, StringComparison.Ordinal);
            Blank(output, start, end);
            return end + quotes;
        }

        if (quotes == 2 && !interpolated)
        {
            return start;
        }

        var j = start;
        while (true)
        {
            var ch = s[j];
            if (ch == '\\' && !verbatim)
            {
                Blank(output, j, j + 2);
                j += 2;
            }
            else if (ch == '"' && verbatim && j + 1 < s.Length && s[j + 1] == '"')
            {
                Blank(output, j, j + 2);
                j += 2;
            }
            else if (ch == '"')
            {
                return j + 1;
            }
            else if (interpolated && ch is '{' or '}' && s[j + 1] == ch)
            {
                Blank(output, j, j + 2);
                j += 2;
            }
            else if (interpolated && ch == '{')
            {
                output[j] = ' ';
                j = Code(s, output, j + 1, closeOnBrace: true);
                output[j - 1] = ' ';
            }
            else
            {
                Blank(output, j, j + 1);
                j++;
            }
        }
    }

    [GeneratedRegex("""\G(?<d1>\$*)(?<at>@?)(?<d2>\$*)(?<q>"+)""")]
    private static partial Regex StringStart();

    [GeneratedRegex(@"^\s*(?:\[[^\]]*\]\s*)*(?<mods>(?:(?:public|internal|private|protected|static|sealed|abstract|partial|readonly|file|unsafe|new|ref)\s+)*)(?:class|record(?:\s+struct|\s+class)?|struct|interface|enum)\s+(?<name>@?[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^\s*(?<mods>(?:(?:public|internal|private|protected|static|sealed|abstract|partial|readonly|file|unsafe|new|ref)\s+)*)delegate\s+[^(]*?\s(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*[<(]")]
    private static partial Regex Delegate();
}
