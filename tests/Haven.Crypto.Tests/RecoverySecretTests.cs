namespace Haven.Crypto.Tests;

public class RecoverySecretTests
{
    private const string Formatted =
        "haven-recovery-v1: 00010203 04050607 08090a0b 0c0d0e0f 10111213 14151617 18191a1b 1c1d1e1f";

    [Fact]
    public void Format_IsPrefixAndEightGroupsOfEight() =>
        Assert.Equal(Formatted, RecoverySecret.Format(TestData.Range(0, 32)));

    [Fact]
    public void RoundTrip()
    {
        var key = SodiumRandom.Bytes(32);
        Assert.True(RecoverySecret.TryParse(RecoverySecret.Format(key), out var parsed));
        Assert.Equal(key, parsed);
    }

    [Theory]
    [InlineData(Formatted)]
    [InlineData("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")]
    [InlineData("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F")]
    [InlineData("HAVEN-RECOVERY-V1:00010203-04050607-08090a0b-0c0d0e0f-10111213-14151617-18191a1b-1c1d1e1f")]
    [InlineData("  haven-recovery-v1:\n00010203 04050607 08090a0b 0c0d0e0f\r\n10111213 14151617 18191a1b 1c1d1e1f\n")]
    [InlineData("00010203\t04050607 - 08090a0b 0c0d0e0f 10111213 14151617 18191a1b 1c1d1e1f")]
    public void TryParse_AcceptsLayoutVariants(string text)
    {
        Assert.True(RecoverySecret.TryParse(text, out var key));
        Assert.Equal(TestData.Range(0, 32), key);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("haven-recovery-v1:")]
    [InlineData("00010203 04050607 08090a0b 0c0d0e0f 10111213 14151617 18191a1b 1c1d1e1")] // 63 hex
    [InlineData("00010203 04050607 08090a0b 0c0d0e0f 10111213 14151617 18191a1b 1c1d1e1f0")] // 65 hex
    [InlineData("00010203 04050607 08090a0b 0c0d0e0f 10111213 14151617 18191a1b 1c1d1e1f00")] // 33 bytes
    [InlineData("00010203 04050607 08090a0b 0c0d0e0f 10111213 14151617 18191a1b 1c1d1e1g")] // not hex
    [InlineData("00010203.04050607 08090a0b 0c0d0e0f 10111213 14151617 18191a1b 1c1d1e1f")] // other separator
    [InlineData("haven-recovery-v2: 00010203 04050607 08090a0b 0c0d0e0f 10111213 14151617 18191a1b 1c1d1e1f")]
    [InlineData("00010203 haven-recovery-v1: 04050607 08090a0b 0c0d0e0f 10111213 14151617 18191a1b 1c1d1e1f")]
    [InlineData("\uff10\uff10010203 04050607 08090a0b 0c0d0e0f 10111213 14151617 18191a1b 1c1d1e1f")] // fullwidth digits
    public void TryParse_RejectsBadInput(string? text)
    {
        Assert.False(RecoverySecret.TryParse(text, out var key));
        Assert.Empty(key);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Format_RejectsWrongLength(int length) =>
        Assert.Throws<ArgumentException>(() => RecoverySecret.Format(new byte[length]));
}
