using Haven.Accounts;
using Haven.Text;

namespace Haven.Core.Tests.Text;

public sealed class EnumNamesTests
{
    [Theory]
    [InlineData("Admin", 0)]
    [InlineData("Coordinator", 1)]
    [InlineData("Analyst", 3)]
    public void A_declared_name_is_read(string text, int expected)
    {
        Assert.True(EnumNames.TryParse<ResponderRole>(text, out var role));
        Assert.Equal((ResponderRole)expected, role);
    }

    [Theory]
    [InlineData("Coordinator, Caseworker")]
    [InlineData("Coordinator,Caseworker")]
    [InlineData("1")]
    [InlineData("-1")]
    [InlineData(" Admin")]
    [InlineData("Admin ")]
    [InlineData("admin")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_refused(string? text)
    {
        // The framework's parser reads the first two as Analyst (flags 1 | 2), numbers as values, and trims spaces.
        Assert.False(EnumNames.TryParse<ResponderRole>(text, out var role));
        Assert.Equal(default, role);
    }

    [Fact]
    public void Case_is_ignored_only_when_asked()
    {
        Assert.True(EnumNames.TryParse<ResponderRole>("cASEWORKER", out var role, ignoreCase: true));
        Assert.Equal(ResponderRole.Caseworker, role);
        Assert.False(EnumNames.TryParse<ResponderRole>("Coordinator, Caseworker", out _, ignoreCase: true));
    }
}
