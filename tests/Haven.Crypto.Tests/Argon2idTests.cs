namespace Haven.Crypto.Tests;

public class Argon2idTests
{
    [Fact]
    public void Constants_AreTheProtocolOnes()
    {
        Assert.Equal(3, Argon2id.OpsLimit);
        Assert.Equal(64 * 1024 * 1024, Argon2id.MemLimit);
        Assert.Equal(16, Argon2id.SaltLength);
    }

    // Produced once with Debian's PyNaCl (/usr/bin/python3):
    // nacl.pwhash.argon2id.kdf(16, b"password", bytes(range(16)), opslimit=3, memlimit=67108864).hex()
    [Fact]
    public void Derive_MatchesPyNaCl() =>
        Assert.Equal("57c0907f5c4b24b73e47d4308ed76084", Hex.Encode(Argon2id.Derive(16, "password"u8, TestData.Range(0, 16))));

    [Theory]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(0)]
    public void Derive_RejectsWrongSaltLength(int length) =>
        Assert.Throws<ArgumentException>(() => Argon2id.Derive(32, "p"u8, new byte[length]));

    [Fact]
    public void Derive_RejectsShortOutput() =>
        Assert.Throws<ArgumentException>(() => Argon2id.Derive(15, "p"u8, new byte[16]));
}
