namespace Haven.Crypto.Tests;

public class HexTests
{
    [Fact]
    public void Encode_IsLowercase() => Assert.Equal("00ff10ab", Hex.Encode([0x00, 0xff, 0x10, 0xab]));

    [Fact]
    public void Encode_Empty() => Assert.Equal("", Hex.Encode([]));

    [Theory]
    [InlineData("00ff10ab")]
    [InlineData("00FF10AB")]
    [InlineData("00Ff10aB")]
    public void Decode_AcceptsEitherCase(string s) => Assert.Equal(new byte[] { 0x00, 0xff, 0x10, 0xab }, Hex.Decode(s));

    [Fact]
    public void RoundTrip()
    {
        var bytes = SodiumRandom.Bytes(100);
        Assert.Equal(bytes, Hex.Decode(Hex.Encode(bytes)));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("abc")]
    [InlineData("zz")]
    [InlineData("0g")]
    [InlineData(" 00")]
    [InlineData("00 ")]
    public void Decode_RejectsBadInput(string s) => Assert.Throws<ArgumentException>(() => Hex.Decode(s));

    [Fact]
    public void Decode_RejectsNull() => Assert.ThrowsAny<ArgumentException>(() => Hex.Decode(null!));
}
