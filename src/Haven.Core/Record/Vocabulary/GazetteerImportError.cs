using System.Globalization;

namespace Haven.Record.Vocabulary;

/// <summary>One problem of a gazetteer import: the line of the file (0 for the whole file), what is wrong, and a code or column name that points to it.</summary>
internal sealed record GazetteerImportError(int Line, GazetteerImportProblem Problem, string? Detail = null)
{
    /// <summary>The longest detail kept: a hostile file cannot make an error message long.</summary>
    public const int MaxDetailLength = 64;

    /// <summary>A detail cut to <see cref="MaxDetailLength"/>, without control characters.</summary>
    public static string? Clip(string? detail) =>
        detail is null ? null : new string([.. detail.Where(c => !char.IsControl(c)).Take(MaxDetailLength)]);

    /// <summary>The problem in English, for the command line (the desk shows its own localized text).</summary>
    public string Describe()
    {
        var what = Problem switch
        {
            GazetteerImportProblem.NotAllowed => "only administrators may edit the gazetteer",
            GazetteerImportProblem.TooLarge => "the file is too large",
            GazetteerImportProblem.NotUtf8 => "the file is not UTF-8 text",
            GazetteerImportProblem.Empty => "the file is empty",
            GazetteerImportProblem.BadHeader => "the header must start with code,parent_code,label_en,label_ru",
            GazetteerImportProblem.UnknownColumn => $"unknown column \"{Detail}\" (extra columns are label_<culture>, e.g. label_uk, and retired)",
            GazetteerImportProblem.DuplicateColumn => $"the column \"{Detail}\" appears twice",
            GazetteerImportProblem.Malformed => "broken quotes, or more fields than the header",
            GazetteerImportProblem.InvalidRetired => "retired must be true, false or empty",
            GazetteerImportProblem.InvalidCode => $"the code \"{Detail}\" is not 1 to 64 letters, digits, - or _",
            GazetteerImportProblem.DuplicateCode => $"the code \"{Detail}\" is on an earlier line too",
            GazetteerImportProblem.InvalidParent => $"the parent \"{Detail}\" is not a country (a line with an empty parent_code)",
            GazetteerImportProblem.HasRegions => $"\"{Detail}\" is a country with regions and cannot become a region",
            GazetteerImportProblem.MissingEnglishLabel => "label_en is empty",
            GazetteerImportProblem.InvalidLabel => $"{Detail} is longer than {VocabularyRules.MaxLabelLength} characters or holds control characters",
            GazetteerImportProblem.TooManyRegions => "the gazetteer would hold too many countries and regions",
            _ => Problem.ToString(),
        };
        return Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"line {Line}: {what}") : what;
    }
}
