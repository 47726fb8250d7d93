using System.Globalization;
using Haven.Web.Hosting;
using Haven.Web.Localization;
using Haven.Web.Tests.Conventions;

namespace Haven.Web.Tests.Localization;

/// <summary>
/// Every language of the site has every text it needs, counted messages in the forms its plural rule uses;
/// the languages are the resource files present; the report a translator runs lists what is left.
/// </summary>
public sealed class TranslationTests
{
    [Fact]
    public void Every_language_has_every_key_english_has_in_its_own_plural_forms()
    {
        var reports = TranslationReport.ForSite();
        Assert.Contains(reports, r => r.Culture.Name == "ru");
        Assert.All(reports, r =>
        {
            Assert.Empty(r.Missing);
            Assert.Empty(r.Unused);
        });
    }

    [Fact]
    public void Russian_has_no_text_left_in_english()
    {
        var russian = Assert.Single(TranslationReport.ForSite(), r => r.Culture.Name == "ru");
        Assert.Empty(russian.Untranslated);
    }

    [Fact]
    public void The_languages_are_english_and_one_per_resource_file()
    {
        var files = Directory.GetFiles(Path.Combine(ConventionTests.RepositoryRoot(), "src", "Haven.Web", "Resources"), "SharedResource.*.resx")
            .Select(f => Path.GetFileNameWithoutExtension(f)["SharedResource.".Length..]);
        Assert.Equal(["en", .. files.Order(StringComparer.Ordinal)], HavenApp.Cultures.Select(c => c.Name));
        Assert.Equal("English", Languages.NativeName(CultureInfo.GetCultureInfo("en")));
        Assert.Equal("Русский", Languages.NativeName(CultureInfo.GetCultureInfo("ru")));
    }

    [Fact]
    public void The_report_asks_each_language_for_its_own_plural_forms()
    {
        var english = new Dictionary<string, string>
        {
            ["Site_Name"] = "Haven",
            ["Title"] = "Ask for help",
            ["Send"] = "Send",
            ["Files_One"] = "{0} file",
            ["Files_Other"] = "{0} files",
        };
        var ukrainian = new Dictionary<string, string>
        {
            ["Site_Name"] = "Haven",
            ["Title"] = "Попросити про допомогу",
            ["Send"] = "Send",
            ["Files_One"] = "{0} файл",
            ["Files_Few"] = "{0} файли",
            ["Files_Other"] = "{0} файлу",
            ["Gone"] = "…",
        };
        var report = TranslationReport.For(CultureInfo.GetCultureInfo("uk"), english, ukrainian);
        Assert.Equal(["Files_Many"], report.Missing);
        Assert.Equal(["Send"], report.Untranslated);
        Assert.Equal(["Gone"], report.Unused);

        // Russian without the English "other" form and with its three is complete; English's forms alone are not.
        var russian = new Dictionary<string, string>
        {
            ["Site_Name"] = "Haven",
            ["Title"] = "Попросить о помощи",
            ["Send"] = "Отправить",
            ["Files_One"] = "{0} файл",
            ["Files_Few"] = "{0} файла",
            ["Files_Many"] = "{0} файлов",
        };
        var complete = TranslationReport.For(CultureInfo.GetCultureInfo("ru"), english, russian);
        Assert.Equal((0, 0, 0), (complete.Missing.Count, complete.Untranslated.Count, complete.Unused.Count));
        russian.Remove("Files_Few");
        russian.Remove("Title");
        russian["Files_Other"] = "{0} файлов";
        var incomplete = TranslationReport.For(CultureInfo.GetCultureInfo("ru"), english, russian);
        Assert.Equal(["Files_Few", "Title"], incomplete.Missing);
        Assert.Empty(incomplete.Unused);

        // A language the plural table does not know yet needs only "other".
        var chechen = new Dictionary<string, string> { ["Site_Name"] = "Haven", ["Title"] = "Гӏо деха", ["Send"] = "Дахьийта", ["Files_Other"] = "{0} файл" };
        var partly = TranslationReport.For(CultureInfo.GetCultureInfo("ce"), english, chechen);
        Assert.Empty(partly.Missing);
        Assert.Empty(partly.Unused);

        var text = TranslationReport.Format([report]);
        Assert.StartsWith("uk (Українська): 1 missing, 1 same as English, 1 unused\n", text, StringComparison.Ordinal);
        Assert.Contains("  missing: Files_Many\n", text, StringComparison.Ordinal);
    }
}
