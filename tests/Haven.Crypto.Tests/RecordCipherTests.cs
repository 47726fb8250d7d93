using System.Text;

namespace Haven.Crypto.Tests;

public class RecordCipherTests
{
    private const string RecordId = "00112233445566778899aabbccddeeff";

    // Produced once with Debian's PyNaCl (/usr/bin/python3):
    // n = bytes(range(24)); k = bytes(range(32, 64))
    // ad = b"haven/v1/record:request:00112233445566778899aabbccddeeff"
    // (n + nacl.bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(b'{"v":1,"text":"hi"}', ad, n, k)).hex()
    private const string PyNaClCiphertext =
        "000102030405060708090a0b0c0d0e0f1011121314151617cc2bf2d30f092b7b638b334971691996713d604c271fdfcaa9e0b8c5d5325b5ef38b8d";

    private static readonly byte[] Key = TestData.Range(32, 32);

    [Fact]
    public void AssociatedData_IsTheProtocolString() =>
        Assert.Equal(
            "haven/v1/record:request:00112233445566778899aabbccddeeff"u8.ToArray(),
            RecordCipher.AssociatedData("request", RecordId));

    [Fact]
    public void EncryptWithNonce_MatchesPyNaCl() =>
        Assert.Equal(
            PyNaClCiphertext,
            Hex.Encode(RecordCipher.EncryptWithNonce("{\"v\":1,\"text\":\"hi\"}"u8, Key, TestData.Range(0, 24), RecordCipher.AssociatedData("request", RecordId))));

    [Fact]
    public void TryDecrypt_OpensPyNaClCiphertext()
    {
        Assert.True(RecordCipher.TryDecrypt(Hex.Decode(PyNaClCiphertext), Key, RecordCipher.AssociatedData("request", RecordId), out var plaintext));
        Assert.Equal("{\"v\":1,\"text\":\"hi\"}", Encoding.UTF8.GetString(plaintext));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(70000)]
    public void RoundTrip(int length)
    {
        var key = SodiumRandom.Bytes(32);
        var ad = RecordCipher.AssociatedData("message", RandomId.New());
        var plaintext = SodiumRandom.Bytes(length);
        var ciphertext = RecordCipher.Encrypt(plaintext, key, ad);
        Assert.Equal(length + RecordCipher.NonceLength + 16, ciphertext.Length);
        Assert.True(RecordCipher.TryDecrypt(ciphertext, key, ad, out var decrypted));
        Assert.Equal(plaintext, decrypted);
    }

    [Fact]
    public void NonceIsFreshEachTime()
    {
        var key = SodiumRandom.Bytes(32);
        var a = RecordCipher.Encrypt("same"u8, key, []);
        var b = RecordCipher.Encrypt("same"u8, key, []);
        Assert.NotEqual(a.AsSpan(0, 24).ToArray(), b.AsSpan(0, 24).ToArray());
    }

    [Fact]
    public void AnyFlippedBitIsRejected()
    {
        var ad = RecordCipher.AssociatedData("reply", RecordId);
        var ciphertext = RecordCipher.Encrypt("{\"v\":1}"u8, Key, ad);
        foreach (var tampered in TestData.EveryBitFlipped(ciphertext))
        {
            Assert.False(RecordCipher.TryDecrypt(tampered, Key, ad, out var plaintext));
            Assert.Empty(plaintext);
        }
    }

    [Fact]
    public void WrongKeyIsRejected()
    {
        var ad = RecordCipher.AssociatedData("reply", RecordId);
        var ciphertext = RecordCipher.Encrypt("x"u8, Key, ad);
        Assert.False(RecordCipher.TryDecrypt(ciphertext, SodiumRandom.Bytes(32), ad, out _));
    }

    [Fact]
    public void OtherRecordIdOrKindIsRejected()
    {
        var ciphertext = RecordCipher.Encrypt("x"u8, Key, RecordCipher.AssociatedData("message", RecordId));
        Assert.False(RecordCipher.TryDecrypt(ciphertext, Key, RecordCipher.AssociatedData("message", RandomId.New()), out _));
        Assert.False(RecordCipher.TryDecrypt(ciphertext, Key, RecordCipher.AssociatedData("reply", RecordId), out _));
        Assert.False(RecordCipher.TryDecrypt(ciphertext, Key, [], out _));
        Assert.True(RecordCipher.TryDecrypt(ciphertext, Key, RecordCipher.AssociatedData("message", RecordId), out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(39)]
    public void ShortInputIsRejected(int length) =>
        Assert.False(RecordCipher.TryDecrypt(new byte[length], Key, [], out _));

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    public void WrongKeyLengthThrows(int length)
    {
        Assert.Throws<ArgumentException>(() => RecordCipher.Encrypt("x"u8, new byte[length], []));
        Assert.Throws<ArgumentException>(() => RecordCipher.TryDecrypt(new byte[64], new byte[length], [], out _));
    }

    [Theory]
    [InlineData("", RecordId)]
    [InlineData("Request", RecordId)]
    [InlineData("re:quest", RecordId)]
    [InlineData("request", "")]
    [InlineData("request", "00112233445566778899AABBCCDDEEFF")]
    [InlineData("request", "00112233445566778899aabbccddeef")]
    [InlineData("request", "00112233445566778899aabbccddeeff0")]
    [InlineData("request", "00112233445566778899aabbccddeefg")]
    public void AssociatedData_RejectsMalformedKindOrId(string kind, string recordId) =>
        Assert.Throws<ArgumentException>(() => RecordCipher.AssociatedData(kind, recordId));
}
