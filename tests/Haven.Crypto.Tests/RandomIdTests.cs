namespace Haven.Crypto.Tests;

public class RandomIdTests
{
    [Fact]
    public void New_Is32LowercaseHex()
    {
        var id = RandomId.New();
        Assert.Equal(32, id.Length);
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.True(RandomId.IsValid(id));
    }

    [Fact]
    public void New_IsUnique()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => RandomId.New()).ToHashSet();
        Assert.Equal(1000, ids.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("00112233445566778899AABBCCDDEEFF")]
    [InlineData("00112233445566778899aabbccddeef")]
    [InlineData("00112233445566778899aabbccddeeff0")]
    [InlineData("00112233-4455-6677-8899-aabbccddeeff")]
    [InlineData("0011223344556677889９aabbccddeeff")]
    public void IsValid_RejectsOtherForms(string? id) => Assert.False(RandomId.IsValid(id));
}
