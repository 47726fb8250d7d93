using System.Globalization;
using System.Xml.Linq;
using Haven.Web.Hosting;
using Haven.Web.Tests.Conventions;

namespace Haven.Web.Tests.Localization;

/// <summary>docs/glossary.md against the resource files: no language uses a word its glossary column forbids.</summary>
public sealed class GlossaryTests
{
    private static readonly string Root = ConventionTests.RepositoryRoot();

    [Fact]
    public void No_resource_string_uses_a_word_the_glossary_forbids()
    {
        var glossary = Glossary.Load(Path.Combine(Root, "docs", "glossary.md"));
        var found = new List<string>();
        foreach (var language in glossary.Languages)
        {
            var strings = ResourceStrings(language);
            foreach (var term in glossary.Terms)
            {
                foreach (var word in term.Forbidden[language.Name])
                {
                    foreach (var (key, value) in strings)
                    {
                        if (word.FindIn(value) is { } hit)
                        {
                            found.Add($"{language.Name} {key}: \"{hit}\" (glossary '{term.Term}' forbids '{word.Text}'; use '{term.Preferred[language.Name]}')");
                        }
                    }
                }
            }
        }

        Assert.True(found.Count == 0, string.Join('\n', found.Prepend($"{found.Count} resource strings use words docs/glossary.md forbids:")));
    }

    [Fact]
    public void The_glossary_has_an_english_and_a_russian_column_and_the_terms_the_desk_needs()
    {
        var glossary = Glossary.Load(Path.Combine(Root, "docs", "glossary.md"));
        Assert.Equal(["en", "ru"], glossary.Languages.Select(l => l.Name).Take(2));
        var terms = glossary.Terms.ToDictionary(t => t.Term);
        Assert.Equal("дело", terms["case"].Preferred["ru"]);
        Assert.Equal("парольная фраза", terms["passphrase"].Preferred["ru"]);
        Assert.Contains("квитанци*", terms["secret-code"].Forbidden["ru"].Select(w => w.Text));
        Assert.Contains("receipt*", terms["secret-code"].Forbidden["en"].Select(w => w.Text));
        Assert.All(glossary.Terms, t => Assert.All(glossary.Languages, l => Assert.False(string.IsNullOrWhiteSpace(t.Preferred[l.Name]), $"'{t.Term}' has no {l.EnglishName} word")));
    }

    [Fact]
    public void Columns_are_found_by_their_header_so_a_language_can_be_added()
    {
        const string markdown = """
            Some text | not a table.

            | Notes | Ukrainian forbidden | Term | Russian | Ukrainian | English |
            |---|---|---|---|---|---|
            | a note | випадок, випадку | case | дело | справа | case |
            """;

        var glossary = Glossary.Parse(markdown);

        Assert.Equal(["ru", "uk", "en"], glossary.Languages.Select(l => l.Name));
        var term = Assert.Single(glossary.Terms);
        Assert.Equal("case", term.Term);
        Assert.Equal("справа", term.Preferred["uk"]);
        Assert.Equal(["випадок", "випадку"], term.Forbidden["uk"].Select(w => w.Text));
        Assert.Empty(term.Forbidden["ru"]);
    }

    [Fact]
    public void A_forbidden_column_without_its_language_or_an_unknown_language_is_refused()
    {
        Assert.Throws<FormatException>(() => Glossary.Parse("| Term | English | Russian forbidden |\n|-|-|-|\n| a | b | c |\n"));
        Assert.Throws<FormatException>(() => Glossary.Parse("| Term | Englisch |\n|-|-|\n| a | b |\n"));
        Assert.Throws<FormatException>(() => Glossary.Parse("no table here"));
    }

    [Theory]
    [InlineData("случай, случаев", "Доступ ко всем моим случаям", null)]
    [InlineData("случай, случаев, случаям", "Доступ ко всем моим Случаям.", "Случаям")]
    [InlineData("случай", "Это случайно вышло", null)]
    [InlineData("случай", "Что случилось?", null)]
    [InlineData("пароль, паролем", "Парольная фраза", null)]
    [InlineData("пароль, паролем", "с другим именем или паролем", "паролем")]
    [InlineData("квитанци*", "Вернуться по КВИТАНЦИИ", "КВИТАНЦИИ")]
    [InlineData("квитанци*", "Мы не нашли такой код", null)]
    [InlineData("receipt*", "Come back with your receipts", "receipts")]
    [InlineData("receipt*", "no prereceipt here", null)]
    [InlineData("(а)", "Я сохранил(а) её", "(а)")]
    [InlineData("отправить защищённо", "Отправить\u00a0 защищённо", "Отправить\u00a0 защищённо")]
    [InlineData("передано другим", "Передано другой организации", null)]
    [InlineData("ГиБ", "до 2 ГиБ", "ГиБ")]
    [InlineData("ГиБ", "до 2 ГБ", null)]
    public void A_forbidden_word_is_found_as_a_whole_word_in_any_case_or_by_its_stem(string cell, string text, string? expected)
    {
        var found = ForbiddenWord.List(cell).Select(w => w.FindIn(text)).FirstOrDefault(f => f is not null);
        Assert.Equal(expected, found);
    }

    /// <summary>The strings of a language as its resource file holds them; the default language is the file without a suffix.</summary>
    private static Dictionary<string, string> ResourceStrings(CultureInfo language)
    {
        var folder = Path.Combine(Root, "src", "Haven.Web", "Resources");
        var file = Path.Combine(folder, $"SharedResource.{language.Name}.resx");
        if (!File.Exists(file))
        {
            Assert.True(language.Name == HavenApp.Cultures[0].Name, $"The glossary has a column for {language.EnglishName} but there is no {file}.");
            file = Path.Combine(folder, "SharedResource.resx");
        }

        var strings = XDocument.Load(file).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");
        Assert.True(strings.Count > 100, $"only {strings.Count} strings in {file}");
        return strings;
    }
}
