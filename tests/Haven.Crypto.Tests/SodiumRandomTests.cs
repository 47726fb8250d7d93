namespace Haven.Crypto.Tests;

public class SodiumRandomTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(1000)]
    public void Bytes_ReturnsRequestedLength(int count) => Assert.Equal(count, SodiumRandom.Bytes(count).Length);

    [Fact]
    public void Bytes_RejectsNegativeCount() => Assert.Throws<ArgumentOutOfRangeException>(() => SodiumRandom.Bytes(-1));

    [Fact]
    public void Bytes_DiffersBetweenCalls() => Assert.NotEqual(SodiumRandom.Bytes(32), SodiumRandom.Bytes(32));

    [Fact]
    public void Fill_OverwritesTheWholeBuffer()
    {
        var buffer = new byte[4096];
        SodiumRandom.Fill(buffer);
        // 4096 random bytes: every byte value is very likely present, and certainly not all zeros.
        Assert.True(buffer.Distinct().Count() > 200);
        SodiumRandom.Fill(Span<byte>.Empty);
    }
}
