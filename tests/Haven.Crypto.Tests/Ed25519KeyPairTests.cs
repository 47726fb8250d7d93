namespace Haven.Crypto.Tests;

public class Ed25519KeyPairTests
{
    // Produced once with Debian's PyNaCl (/usr/bin/python3):
    // s = nacl.signing.SigningKey(bytes(range(32)))
    // (bytes(s) + bytes(s.verify_key)).hex(), bytes(s.verify_key).hex(), s.sign(b"haven").signature.hex()
    private const string PublicKey = "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";
    private const string Signature =
        "8e56a082539b4b8a3ae1d1bb4055aeec5f94556d3a6c6c960b90196db83d7cfb9a3a1dc988847f51a4d246648c19a413eba456ed8d133ba5f7cab8f258afbd05";

    private static byte[] SecretKey64 => [.. TestData.Range(0, 32), .. Hex.Decode(PublicKey)];

    [Fact]
    public void FromSecretKey_SignsLikePyNaCl()
    {
        using var keys = Ed25519KeyPair.FromSecretKey(SecretKey64);
        Assert.Equal(PublicKey, Hex.Encode(keys.PublicKey));
        Assert.Equal(Signature, Hex.Encode(keys.Sign("haven"u8)));
        Assert.True(Ed25519KeyPair.Verify(Hex.Decode(Signature), "haven"u8, Hex.Decode(PublicKey)));
        Assert.Equal(SecretKey64, keys.ExportSecretKey());
    }

    [Fact]
    public void Generate_SignAndVerify_RoundTrip()
    {
        using var keys = Ed25519KeyPair.Generate();
        var signature = keys.Sign("message"u8);
        Assert.Equal(64, signature.Length);
        Assert.True(Ed25519KeyPair.Verify(signature, "message"u8, keys.PublicKey));
        Assert.False(Ed25519KeyPair.Verify(signature, "messagf"u8, keys.PublicKey));
        using var other = Ed25519KeyPair.Generate();
        Assert.False(Ed25519KeyPair.Verify(signature, "message"u8, other.PublicKey));
        Assert.True(Ed25519KeyPair.Verify(keys.Sign([]), [], keys.PublicKey));
    }

    [Fact]
    public void ExportedKey_RebuildsTheSamePair()
    {
        using var keys = Ed25519KeyPair.Generate();
        var exported = keys.ExportSecretKey();
        using var again = Ed25519KeyPair.FromSecretKey(exported);
        Assert.Equal(keys.PublicKey, again.PublicKey);
        Assert.Equal(keys.PublicKey, exported[32..]);
    }

    [Fact]
    public void AnyFlippedBitOfSignatureIsRejected()
    {
        using var keys = Ed25519KeyPair.Generate();
        var signature = keys.Sign("message"u8);
        foreach (var tampered in TestData.EveryBitFlipped(signature))
        {
            Assert.False(Ed25519KeyPair.Verify(tampered, "message"u8, keys.PublicKey));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(65)]
    public void Verify_WrongSignatureLengthIsFalse(int length) =>
        Assert.False(Ed25519KeyPair.Verify(new byte[length], "m"u8, Hex.Decode(PublicKey)));

    [Fact]
    public void Verify_WrongPublicKeyLengthThrows() =>
        Assert.Throws<ArgumentException>(() => Ed25519KeyPair.Verify(new byte[64], "m"u8, new byte[31]));

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(63)]
    [InlineData(65)]
    public void FromSecretKey_RejectsWrongLength(int length) =>
        Assert.Throws<ArgumentException>(() => Ed25519KeyPair.FromSecretKey(new byte[length]));

    [Fact]
    public void FromSecretKey_RejectsInconsistentKey()
    {
        var broken = SecretKey64;
        broken[63] ^= 1;
        Assert.Throws<ArgumentException>(() => Ed25519KeyPair.FromSecretKey(broken));
    }

    [Fact]
    public void Dispose_BlocksSigning()
    {
        var keys = Ed25519KeyPair.Generate();
        keys.Dispose();
        keys.Dispose();
        Assert.Throws<ObjectDisposedException>(() => keys.Sign("m"u8));
        Assert.Throws<ObjectDisposedException>(() => keys.ExportSecretKey());
        Assert.Equal(32, keys.PublicKey.Length);
    }
}
