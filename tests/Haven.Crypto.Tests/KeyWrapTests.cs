namespace Haven.Crypto.Tests;

public class KeyWrapTests
{
    private static readonly byte[] KeysJson =
        "{\"x25519\":\"AAAA\",\"ed25519\":\"BBBB\",\"totp\":\"JBSWY3DPEHPK3PXP\"}"u8.ToArray();

    [Fact]
    public void AssociatedData_IsTheProtocolString() =>
        Assert.Equal(
            "haven/v1/responder-keys:00112233445566778899aabbccddeeff"u8.ToArray(),
            KeyWrap.AssociatedData("00112233445566778899aabbccddeeff"));

    [Fact]
    public void RoundTrip_AndLayoutIsNonceThenAead()
    {
        var w = SodiumRandom.Bytes(32);
        var id = RandomId.New();
        var wrapped = KeyWrap.Wrap(KeysJson, w, id);
        Assert.Equal(KeysJson.Length + 40, wrapped.Length);
        Assert.True(KeyWrap.TryUnwrap(wrapped, w, id, out var plaintext));
        Assert.Equal(KeysJson, plaintext);

        // The protocol layout: n || AEAD(W, n, keys_json, "haven/v1/responder-keys:" || id).
        Assert.True(RecordCipher.TryDecrypt(wrapped, w, "haven/v1/responder-keys:"u8.ToArray().Concat(System.Text.Encoding.ASCII.GetBytes(id)).ToArray(), out var direct));
        Assert.Equal(KeysJson, direct);
    }

    [Fact]
    public void WrongKeyOrOtherResponderIsRejected()
    {
        var w = SodiumRandom.Bytes(32);
        var id = RandomId.New();
        var wrapped = KeyWrap.Wrap(KeysJson, w, id);
        Assert.False(KeyWrap.TryUnwrap(wrapped, SodiumRandom.Bytes(32), id, out var plaintext));
        Assert.Empty(plaintext);
        Assert.False(KeyWrap.TryUnwrap(wrapped, w, RandomId.New(), out _));
    }

    [Fact]
    public void AnyFlippedBitIsRejected()
    {
        var w = SodiumRandom.Bytes(32);
        var id = RandomId.New();
        var wrapped = KeyWrap.Wrap(KeysJson, w, id);
        foreach (var tampered in TestData.EveryBitFlipped(wrapped))
        {
            Assert.False(KeyWrap.TryUnwrap(tampered, w, id, out _));
        }

        Assert.False(KeyWrap.TryUnwrap(wrapped.AsSpan(0, 39), w, id, out _));
    }

    [Fact]
    public void ValidatesArguments()
    {
        var id = RandomId.New();
        Assert.Throws<ArgumentException>(() => KeyWrap.Wrap(KeysJson, new byte[31], id));
        Assert.Throws<ArgumentException>(() => KeyWrap.TryUnwrap(new byte[64], new byte[33], id, out _));
        Assert.Throws<ArgumentException>(() => KeyWrap.Wrap(KeysJson, new byte[32], "responder-1"));
        Assert.ThrowsAny<ArgumentException>(() => KeyWrap.AssociatedData(null!));
    }
}
