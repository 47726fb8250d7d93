namespace Haven.Crypto.Tests;

public class Blake2bTests
{
    // Produced once with Debian's PyNaCl (/usr/bin/python3):
    // nacl.hash.blake2b(b"abc", digest_size=32, encoder=RawEncoder).hex()
    // nacl.hash.blake2b(b"haven", digest_size=64, key=bytes(range(64)), encoder=RawEncoder).hex()
    [Fact]
    public void Unkeyed_MatchesPyNaCl() =>
        Assert.Equal(
            "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319",
            Hex.Encode(Blake2b.Hash(32, "abc"u8, [])));

    [Fact]
    public void Keyed_MatchesPyNaCl() =>
        Assert.Equal(
            "a71c41ebb07eaea9570e15c0371dbb6e602333e74533d90a5a279faec231f70c22e4f92255cac56b017e3e7f8f4d019011754c84821b08c328d4a5a541eb25f5",
            Hex.Encode(Blake2b.Hash(64, "haven"u8, TestData.Range(0, 64))));

    [Fact]
    public void KeyChangesOutput() =>
        Assert.NotEqual(Blake2b.Hash(32, "m"u8, TestData.Range(0, 32)), Blake2b.Hash(32, "m"u8, TestData.Range(1, 32)));

    [Theory]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(64)]
    public void AnyAllowedOutputLength(int length) => Assert.Equal(length, Blake2b.Hash(length, [], []).Length);

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(65)]
    public void RejectsOutputLengthOutOfRange(int length) =>
        Assert.Throws<ArgumentException>(() => Blake2b.Hash(length, "m"u8, []));

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(65)]
    public void RejectsKeyLengthOutOfRange(int length) =>
        Assert.Throws<ArgumentException>(() => Blake2b.Hash(32, "m"u8, new byte[length]));
}
