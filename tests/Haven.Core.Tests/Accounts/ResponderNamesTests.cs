using Haven.Accounts;

namespace Haven.Core.Tests.Accounts;

public sealed class ResponderNamesTests
{
    [Theory]
    [InlineData("Olga", "None")]
    [InlineData("Ольга", "None")]
    [InlineData("Nadia R", "None")]
    [InlineData("José", "None")]
    [InlineData("Bad\nName", "NameInvalid")]
    [InlineData("Ol\u200Bga", "NameInvisible")]
    [InlineData("Olga\u200F", "NameInvisible")]
    [InlineData("\u200EOlga", "NameInvisible")]
    [InlineData("\u202EOlga", "NameInvisible")]
    [InlineData("Ol\u2066ga\u2069", "NameInvisible")]
    [InlineData("Ol\u061Cga", "NameInvisible")]
    [InlineData("Ol\u00ADga", "NameInvisible")]
    [InlineData("Olga\uFE0F", "NameInvisible")]
    [InlineData("Olga\U000E0041", "NameInvisible")]
    [InlineData("Olga\u3164", "NameInvisible")]
    [InlineData("Ol\u2028ga", "NameInvisible")]
    [InlineData("Nadia\u00A0R", "NameInvisible")]
    [InlineData("Nadia\u200AR", "NameInvisible")]
    [InlineData("Nadia  R", "NameInvisible")]
    [InlineData("Olga\uE000", "NameInvisible")]
    public void Names_with_invisible_characters_are_refused(string name, string expected) =>
        Assert.Equal(Enum.Parse<ResponderOutcome>(expected), NewResponder.Validate(name, "a long enough passphrase"));

    [Theory]
    [InlineData("Olga", "\u041Elga")] // Cyrillic capital O
    [InlineData("Olga", "Olg\u0430")] // Cyrillic small a
    [InlineData("Olga", "\u039Flga")] // Greek capital omicron
    [InlineData("Olga", "OLGA")]
    [InlineData("Olga", "olga")]
    [InlineData("paypal", "p\u0430yp\u0430l")]
    [InlineData("Ivan", "\u0406van")] // Cyrillic Byelorussian-Ukrainian I
    [InlineData("rn", "m")] // UTS #39 maps "m" to "rn"
    [InlineData("José", "Jose\u0301")]
    public void Look_alike_names_have_the_same_skeleton(string a, string b) =>
        Assert.True(ResponderNames.LookAlike(a, b), $"{a} / {b}");

    [Theory]
    [InlineData("Olga", "Olia")]
    [InlineData("Olga", "Ольга")]
    [InlineData("Nadia R", "Nadia K")]
    public void Different_names_do_not_look_alike(string a, string b) =>
        Assert.False(ResponderNames.LookAlike(a, b), $"{a} / {b}");

    [Fact]
    public void Names_are_kept_trimmed_and_composed()
    {
        var (responder, _) = NewResponder.Create(" Jose\u0301 ", "a long enough passphrase", ResponderRole.Caseworker, new DateOnly(2026, 12, 5));
        Assert.Equal("Jos\u00E9", responder.Name);
    }
}
