namespace Haven.Crypto.Tests;

public class SealedBoxTests
{
    // Produced once with Debian's PyNaCl (/usr/bin/python3), sealed to PK(bytes(range(32))):
    // nacl.public.SealedBox(nacl.public.PrivateKey(bytes(range(32))).public_key).encrypt(b"hello haven").hex()
    private const string PyNaClSealed =
        "524ae93a70a46409f5c03531ee3c941ea33fd163a210ce323d0908d33f708048e06aa90ec419d0a8fa9323abe744c64d7bbd0479da16c2fd995a8a";

    [Fact]
    public void OpensAValueSealedByPyNaCl()
    {
        using var keys = X25519KeyPair.FromSecretKey(TestData.Range(0, 32));
        Assert.True(SealedBox.TryOpen(Hex.Decode(PyNaClSealed), keys, out var message));
        Assert.Equal("hello haven"u8.ToArray(), message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(10000)]
    public void RoundTrip(int length)
    {
        using var keys = X25519KeyPair.Generate();
        var plaintext = SodiumRandom.Bytes(length);
        var sealedMessage = SealedBox.Seal(plaintext, keys.PublicKey);
        Assert.Equal(length + SealedBox.Overhead, sealedMessage.Length);
        Assert.True(SealedBox.TryOpen(sealedMessage, keys, out var opened));
        Assert.Equal(plaintext, opened);
    }

    [Fact]
    public void SealingIsRandomised()
    {
        using var keys = X25519KeyPair.Generate();
        Assert.NotEqual(SealedBox.Seal("same"u8, keys.PublicKey), SealedBox.Seal("same"u8, keys.PublicKey));
    }

    [Fact]
    public void OnlyTheRightKeyOpens()
    {
        using var right = X25519KeyPair.Generate();
        using var wrong = X25519KeyPair.Generate();
        var sealedMessage = SealedBox.Seal("secret"u8, right.PublicKey);
        Assert.False(SealedBox.TryOpen(sealedMessage, wrong, out var message));
        Assert.Empty(message);
        Assert.True(SealedBox.TryOpen(sealedMessage, right, out _));
    }

    [Fact]
    public void AnyFlippedBitIsRejected()
    {
        using var keys = X25519KeyPair.Generate();
        var sealedMessage = SealedBox.Seal("secret"u8, keys.PublicKey);
        foreach (var tampered in TestData.EveryBitFlipped(sealedMessage))
        {
            Assert.False(SealedBox.TryOpen(tampered, keys, out _));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(47)]
    [InlineData(48)]
    public void ShortOrEmptyInputIsRejected(int length)
    {
        using var keys = X25519KeyPair.Generate();
        Assert.False(SealedBox.TryOpen(new byte[length], keys, out _));
    }

    [Fact]
    public void TruncatedInputIsRejected()
    {
        using var keys = X25519KeyPair.Generate();
        var sealedMessage = SealedBox.Seal("secret"u8, keys.PublicKey);
        Assert.False(SealedBox.TryOpen(sealedMessage.AsSpan(0, sealedMessage.Length - 1), keys, out _));
        Assert.False(SealedBox.TryOpen([.. sealedMessage, 0], keys, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Seal_RejectsWrongPublicKeyLength(int length) =>
        Assert.Throws<ArgumentException>(() => SealedBox.Seal("m"u8, new byte[length]));

    [Fact]
    public void Seal_RejectsLowOrderPublicKey() =>
        Assert.Throws<ArgumentException>(() => SealedBox.Seal("m"u8, new byte[32]));

    [Fact]
    public void TryOpen_RejectsDisposedRecipient()
    {
        var keys = X25519KeyPair.Generate();
        var sealedMessage = SealedBox.Seal("m"u8, keys.PublicKey);
        keys.Dispose();
        Assert.Throws<ObjectDisposedException>(() => SealedBox.TryOpen(sealedMessage, keys, out _));
    }
}
