using System.Net;
using System.Text.RegularExpressions;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Intake;

/// <summary>
/// The safety advice a person reads before writing (issue 21): specific to being checked at a post or at home
/// in Chechnya and Russia, in both languages, and with nothing a frightened person cannot follow.
/// </summary>
public sealed partial class SafetyAdviceHttpTests
{
    public static TheoryData<string, string[]> Advice() => new()
    {
        {
            "en",
            [
                "shield icon", "\"Safest\"", // the security level, named as Tor Browser names it
                "Snowflake", "Tor is often blocked", // bridges
                "Even the Tor Browser icon", "police posts and at home", // the phone checked
                "Telegram, WhatsApp, VK", "Downloads folder", "\"Recently deleted\"", // what to delete
                "someone you know. If their phone was taken", // traps from a known contact
                "take a screenshot of the photo", "faces, the view from a window, signs", // photo details
                "does not close Tor Browser", // quick exit
                "on paper among other numbers", // keeping the code
                "start again with a new request, and tell us", // phone taken
            ]
        },
        {
            "ru",
            [
                "значок щита", "«Наиболее безопасный»",
                "Snowflake", "Tor часто блокируют",
                "Даже значок Tor Browser", "на постах и дома",
                "Telegram, WhatsApp, ВКонтакте", "«Загрузки»", "«Недавно удалённые»",
                "Ловушка может прийти и от знакомого",
                "сделайте снимок экрана с фотографией", "лица, вид из окна, вывески",
                "Tor Browser она не закрывает",
                "на бумаге среди других цифр",
                "начните заново с нового обращения и напишите",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Advice))]
    public async Task The_safety_page_gives_the_advice_for_the_region_in_plain_words(string language, string[] expected)
    {
        await using var server = await HavenServer.StartAsync();
        using var client = server.CreateClient(language);

        var safety = await client.GetAsync("/safety");

        Assert.Equal(HttpStatusCode.OK, safety.Status);
        var text = VisibleText(safety.Html);
        Assert.All(expected, e => Assert.Contains(e, text, StringComparison.Ordinal));
        Assert.DoesNotContain("JavaScript", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("en", "secret code of 20 digits", "does not close Tor Browser")]
    [InlineData("ru", "секретный код из 20 цифр", "Tor Browser при этом не закрывается")]
    public async Task The_landing_page_names_the_secret_code_and_what_leave_quickly_does_not_do(string language, string code, string exit)
    {
        await using var server = await HavenServer.StartAsync();
        using var client = server.CreateClient(language);

        var text = VisibleText((await client.GetAsync("/")).Html);

        Assert.Contains(code, text, StringComparison.Ordinal);
        Assert.Contains(exit, text, StringComparison.Ordinal);
        Assert.DoesNotContain("JavaScript", text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The page's text as a reader sees it: tags dropped, entities decoded.</summary>
    private static string VisibleText(string html) => WebUtility.HtmlDecode(Tag().Replace(html, " "));

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}
