using System.Globalization;
using Haven.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Haven.Web.Tests.Localization;

/// <summary>
/// The plural table against CLDR's own data: the expected categories are written out by hand from the
/// samples of CLDR's plurals.xml and the Russian declension of 0–112, not computed by the rule under test.
/// </summary>
public sealed class PluralRulesTests
{
    /// <summary>
    /// 0–112 in Russian, ten numbers a line (o = one, f = few, m = many), as one says them: 1 файл, 2 файла,
    /// 5 файлов, 11 файлов, 21 файл, 101 файл, 111 файлов, 112 файлов.
    /// </summary>
    private static readonly string[] RussianByHand =
    [
        "mofffmmmmm", // 0–9
        "mmmmmmmmmm", // 10–19
        "mofffmmmmm", // 20–29
        "mofffmmmmm", // 30–39
        "mofffmmmmm", // 40–49
        "mofffmmmmm", // 50–59
        "mofffmmmmm", // 60–69
        "mofffmmmmm", // 70–79
        "mofffmmmmm", // 80–89
        "mofffmmmmm", // 90–99
        "mofffmmmmm", // 100–109
        "mmm",        // 110–112
    ];

    [Fact]
    public void Russian_integers_0_to_112_take_the_category_a_russian_speaker_uses()
    {
        var letters = string.Concat(RussianByHand);
        Assert.Equal(113, letters.Length);
        var ru = CultureInfo.GetCultureInfo("ru");
        var wrong = Enumerable.Range(0, letters.Length)
            .Where(n => PluralRules.Category(ru, n) != letters[n] switch { 'o' => PluralCategory.One, 'f' => PluralCategory.Few, _ => PluralCategory.Many })
            .ToList();
        Assert.Empty(wrong);
    }

    /// <summary>The sample numbers CLDR lists with each rule (plurals.xml, @integer and @decimal), a few of each.</summary>
    [Theory]
    [InlineData("en", "1", "One")]
    [InlineData("en", "0", "Other")]
    [InlineData("en", "2", "Other")]
    [InlineData("en", "16", "Other")]
    [InlineData("en", "21", "Other")]
    [InlineData("en", "100", "Other")]
    [InlineData("en", "0.0", "Other")]
    [InlineData("en", "1.0", "Other")]
    [InlineData("en", "1.5", "Other")]
    [InlineData("ru", "1", "One")]
    [InlineData("ru", "21", "One")]
    [InlineData("ru", "31", "One")]
    [InlineData("ru", "101", "One")]
    [InlineData("ru", "1001", "One")]
    [InlineData("ru", "2", "Few")]
    [InlineData("ru", "3", "Few")]
    [InlineData("ru", "4", "Few")]
    [InlineData("ru", "22", "Few")]
    [InlineData("ru", "24", "Few")]
    [InlineData("ru", "102", "Few")]
    [InlineData("ru", "1002", "Few")]
    [InlineData("ru", "0", "Many")]
    [InlineData("ru", "5", "Many")]
    [InlineData("ru", "11", "Many")]
    [InlineData("ru", "12", "Many")]
    [InlineData("ru", "14", "Many")]
    [InlineData("ru", "19", "Many")]
    [InlineData("ru", "20", "Many")]
    [InlineData("ru", "25", "Many")]
    [InlineData("ru", "30", "Many")]
    [InlineData("ru", "100", "Many")]
    [InlineData("ru", "111", "Many")]
    [InlineData("ru", "112", "Many")]
    [InlineData("ru", "114", "Many")]
    [InlineData("ru", "1000000", "Many")]
    [InlineData("ru", "0.0", "Other")]
    [InlineData("ru", "1.0", "Other")]
    [InlineData("ru", "1.5", "Other")]
    [InlineData("ru", "2.1", "Other")]
    [InlineData("ru", "10.0", "Other")]
    [InlineData("uk", "1", "One")]
    [InlineData("uk", "21", "One")]
    [InlineData("uk", "2", "Few")]
    [InlineData("uk", "22", "Few")]
    [InlineData("uk", "0", "Many")]
    [InlineData("uk", "11", "Many")]
    [InlineData("uk", "111", "Many")]
    [InlineData("uk", "1.5", "Other")]
    [InlineData("ce", "1", "Other")] // not in the table yet: everything is "other"
    public void Cldr_sample_numbers_take_their_category(string language, string number, string expected) =>
        Assert.Equal(expected, PluralRules.Category(CultureInfo.GetCultureInfo(language), decimal.Parse(number, CultureInfo.InvariantCulture)).ToString());

    [Fact]
    public void Operands_follow_the_number_as_written()
    {
        Assert.Equal(new PluralOperands(1.50m, 1, 2, 50, 5), PluralOperands.Of(1.50m));
        Assert.Equal(new PluralOperands(21, 21, 0, 0, 0), PluralOperands.Of(-21));
    }

    /// <summary>The forms each language's file needs are exactly the categories its whole numbers reach.</summary>
    [Theory]
    [InlineData("en", "One Other")]
    [InlineData("ru", "One Few Many")]
    [InlineData("uk", "One Few Many")]
    [InlineData("ce", "Other")]
    public void Each_language_lists_the_forms_whole_numbers_need(string language, string forms)
    {
        var rule = PluralRules.For(CultureInfo.GetCultureInfo(language));
        Assert.Equal(forms, string.Join(' ', rule.IntegerCategories));
        var reached = Enumerable.Range(0, 10_001).Select(n => rule.Select(PluralOperands.Of(n))).Distinct().Order();
        Assert.Equal(rule.IntegerCategories.Order(), reached);
    }

    [Fact]
    public void A_missing_form_falls_back_to_other_then_to_the_plain_key()
    {
        var t = new DictionaryLocalizer(new()
        {
            ["Files_One"] = "{0} файл",
            ["Files_Other"] = "файлов: {0}",
            ["Plain"] = "всего {0}",
        });
        using var _ = new UiCulture("ru");
        Assert.Equal("21 файл", Plural.Of(t, "Files", 21).Value);
        Assert.Equal("файлов: 22", Plural.Of(t, "Files", 22).Value);
        Assert.Equal("всего 5", Plural.Of(t, "Plain", 5).Value);
        Assert.Equal("файлов: 1.5", Plural.Of(t, "Files", 1.5m).Value);
        Assert.True(Plural.Of(t, "Absent", 1).ResourceNotFound);
    }

    /// <summary>A localizer over a dictionary, as the resource files would answer (missing keys are "not found").</summary>
    private sealed class DictionaryLocalizer(Dictionary<string, string> texts) : IStringLocalizer
    {
        public LocalizedString this[string name] => this[name, []];

        public LocalizedString this[string name, params object[] arguments] => texts.TryGetValue(name, out var text)
            ? new(name, string.Format(CultureInfo.InvariantCulture, text, arguments))
            : new(name, name, resourceNotFound: true);

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => texts.Select(e => new LocalizedString(e.Key, e.Value));
    }

    private sealed class UiCulture : IDisposable
    {
        private readonly CultureInfo previous = CultureInfo.CurrentUICulture;

        public UiCulture(string name) => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

        public void Dispose() => CultureInfo.CurrentUICulture = previous;
    }
}
