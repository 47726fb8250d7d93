using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Haven.Web.Tests.Localization;

/// <summary>
/// The terms table of docs/glossary.md: per term, the preferred words and the forbidden ones of each language.
/// Columns are found by their header (<c>Term</c>, <c>Notes</c>, a language's English name, and
/// <c>&lt;Language&gt; forbidden</c>), so a column for a new language needs no change here.
/// </summary>
internal sealed class Glossary
{
    private const string ForbiddenSuffix = " forbidden";

    private Glossary(IReadOnlyList<CultureInfo> languages, IReadOnlyList<GlossaryTerm> terms)
    {
        Languages = languages;
        Terms = terms;
    }

    /// <summary>The languages that have a column, in the table's order.</summary>
    public IReadOnlyList<CultureInfo> Languages { get; }

    public IReadOnlyList<GlossaryTerm> Terms { get; }

    public static Glossary Load(string path) => Parse(File.ReadAllText(path, Encoding.UTF8));

    public static Glossary Parse(string markdown)
    {
        var lines = markdown.Split('\n').Select(l => l.Trim()).ToList();
        var start = lines.FindIndex(l => l.StartsWith('|') && Cells(l).Contains("Term"));
        if (start < 0 || start + 1 >= lines.Count || !Cells(lines[start + 1]).All(c => c.Length > 0 && c.Trim('-', ':').Length == 0))
        {
            throw new FormatException("No table with a 'Term' column (and a |---| line under its header) in the glossary.");
        }

        var header = Cells(lines[start]);
        var termColumn = header.IndexOf("Term");
        var languageColumns = new List<(CultureInfo Culture, int Preferred, int Forbidden)>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i];
            if (i == termColumn || name == "Notes" || name.EndsWith(ForbiddenSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            languageColumns.Add((LanguageNamed(name), i, header.IndexOf(name + ForbiddenSuffix)));
        }

        foreach (var orphan in header.Where(h => h.EndsWith(ForbiddenSuffix, StringComparison.Ordinal) && !header.Contains(h[..^ForbiddenSuffix.Length])))
        {
            throw new FormatException($"The column '{orphan}' has no column '{orphan[..^ForbiddenSuffix.Length]}' beside it.");
        }

        var terms = new List<GlossaryTerm>();
        foreach (var line in lines.Skip(start + 2).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = Cells(line);
            if (cells.Count != header.Count)
            {
                throw new FormatException($"The glossary row '{line}' has {cells.Count} cells, the header {header.Count}.");
            }

            var preferred = new Dictionary<string, string>();
            var forbidden = new Dictionary<string, IReadOnlyList<ForbiddenWord>>();
            foreach (var (culture, p, f) in languageColumns)
            {
                preferred[culture.Name] = cells[p];
                forbidden[culture.Name] = f < 0 ? [] : ForbiddenWord.List(cells[f]);
            }

            terms.Add(new GlossaryTerm(cells[termColumn], preferred, forbidden));
        }

        return new Glossary(languageColumns.Select(c => c.Culture).ToList(), terms);
    }

    private static List<string> Cells(string line) =>
        line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToList();

    private static CultureInfo LanguageNamed(string englishName) =>
        CultureInfo.GetCultures(CultureTypes.NeutralCultures).FirstOrDefault(c => c.EnglishName == englishName && c.Name.Length > 0)
        ?? throw new FormatException($"The glossary column '{englishName}' is not the English name of a language .NET knows (as 'English', 'Russian', 'Ukrainian').");
}

/// <summary>One row of the glossary; dictionaries are keyed by language code ("en", "ru").</summary>
internal sealed record GlossaryTerm(
    string Term,
    IReadOnlyDictionary<string, string> Preferred,
    IReadOnlyDictionary<string, IReadOnlyList<ForbiddenWord>> Forbidden);

/// <summary>
/// A word or phrase a language must not use, matched as whole words and ignoring case; a trailing '*' stands
/// for any ending ("квитанци*" finds «квитанцию»), so a stem can forbid all its forms at once.
/// </summary>
internal sealed class ForbiddenWord
{
    private readonly Regex _regex;

    private ForbiddenWord(string text)
    {
        Text = text;
        var stem = text.EndsWith('*');
        var body = stem ? text[..^1] : text;
        var pattern = new StringBuilder();

        // Whole words: no letter may touch the ends that are letters ("(а)" may follow one, "случай" may not).
        if (IsWordChar(body[0]))
        {
            pattern.Append(@"(?<!\w)");
        }

        pattern.Append(string.Join(@"\s+", body.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape)));
        if (stem)
        {
            pattern.Append(@"\w*");
        }
        else if (IsWordChar(body[^1]))
        {
            pattern.Append(@"(?!\w)");
        }

        _regex = new Regex(pattern.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    /// <summary>The word as written in the glossary.</summary>
    public string Text { get; }

    /// <summary>The words of a "forbidden" cell: comma-separated, "—" or empty for none; backticks and « » are ignored.</summary>
    public static IReadOnlyList<ForbiddenWord> List(string cell) =>
        cell.Split(',')
            .Select(w => w.Trim().Trim('`', '«', '»').Trim())
            .Where(w => w.Length > 0 && w is not "—" and not "-" and not "*")
            .Select(w => new ForbiddenWord(w))
            .ToList();

    /// <summary>The first place the word occurs in <paramref name="value"/>, or null.</summary>
    public string? FindIn(string value)
    {
        var match = _regex.Match(value);
        return match.Success ? match.Value : null;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
