using Haven.Web.Security;
using Haven.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Security;

/// <summary>Issue 22: what a redirect built from a request value puts in the Location header.</summary>
public sealed class LocalUrlTests
{
    [Theory]
    [InlineData("/é", "/%C3%A9")]
    [InlineData("/помощь?стр=2#низ", "/%D0%BF%D0%BE%D0%BC%D0%BE%D1%89%D1%8C?%D1%81%D1%82%D1%80=2#%D0%BD%D0%B8%D0%B7")]
    [InlineData("/safety?q=%D0%B6", "/safety?q=%D0%B6")]
    [InlineData("/a b\"<>\\^`{|}", "/a%20b%22%3C%3E%5C%5E%60%7B%7C%7D")]
    [InlineData("/\t/evil.example", "/%09/evil.example")]
    [InlineData("/\r\nSet-Cookie: x=1", "/%0D%0ASet-Cookie:%20x=1")]
    [InlineData("/%ZZ%", "/%25ZZ%25")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("evil", "/")]
    [InlineData("", "/")]
    [InlineData(null, "/")]
    public void A_return_path_is_local_and_fit_for_a_header_or_home(string? target, string location) =>
        Assert.Equal(location, LocalUrl.ForLocation(target));

    [Fact]
    public void A_lone_surrogate_becomes_a_replacement_character() =>
        Assert.Equal("/%EF%BF%BD", LocalUrl.ForLocation("/" + '\ud800'));

    [Fact]
    public void An_absolute_address_from_the_settings_is_kept_as_it_is() =>
        Assert.Equal("https://www.wikipedia.org/wiki/%D0%96?a=1", LocalUrl.Encode("https://www.wikipedia.org/wiki/Ж?a=1"));

    [Fact]
    public async Task Every_redirect_result_of_every_page_goes_through_the_encoding_executors()
    {
        await using var server = await HavenServer.StartAsync();
        Assert.IsType<EncodedRedirectExecutor>(server.Services.GetRequiredService<IActionResultExecutor<RedirectResult>>());
        Assert.IsType<EncodedLocalRedirectExecutor>(server.Services.GetRequiredService<IActionResultExecutor<LocalRedirectResult>>());
    }
}
