using System.Text;

namespace Haven.Crypto.Tests;

public class RecordEnvelopeTests
{
    private static readonly byte[] Plaintext = "{\"v\":1,\"help\":[\"shelter\"],\"text\":\"Нужна помощь\",\"contact\":\"\"}"u8.ToArray();

    // Produced once with Debian's PyNaCl (/usr/bin/python3): a reply sealed for the case key bytes(range(32)),
    // with a random K and nonce, record id 0123456789abcdef0123456789abcdef:
    //   ad = b"haven/v1/record:reply:0123456789abcdef0123456789abcdef"
    //   ct = n + nacl.bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(b'{"v":1,"text":"reply"}', ad, n, K)
    //   kfc = nacl.public.SealedBox(nacl.public.PrivateKey(bytes(range(32))).public_key).encrypt(K)
    private const string PyNaClRecordId = "0123456789abcdef0123456789abcdef";
    private const string PyNaClCiphertext = "f2543be8ac584e551c7c7789473368fd3bf7b073d7dbf4e1aafe63a46a95d78ee878b3606bec2c0c3614c2294b3ccfdaa47ab6d85b85565da1e5ae22906f";
    private const string PyNaClKeyForCase = "b8e8691ef14065368045a8bd93668d815bef902fcde57eb6a38ba3e5507aa6473a1e1fd9d0bdd4acfe4f150a5ec7d60501973bf1572da7171198c2a303d4b427a61a667aa31851556014ef738c73dbcf";

    [Fact]
    public void OpensARecordMadeByPyNaCl()
    {
        using var caseKeys = X25519KeyPair.FromSecretKey(TestData.Range(0, 32));
        Assert.True(RecordEnvelope.TryOpen(Hex.Decode(PyNaClCiphertext), Hex.Decode(PyNaClKeyForCase), caseKeys, "reply", PyNaClRecordId, out var plaintext));
        Assert.Equal("{\"v\":1,\"text\":\"reply\"}", Encoding.UTF8.GetString(plaintext));
        Assert.False(RecordEnvelope.TryOpen(Hex.Decode(PyNaClCiphertext), Hex.Decode(PyNaClKeyForCase), caseKeys, "message", PyNaClRecordId, out _));
    }

    [Fact]
    public void RoundTrip_CaseOnly()
    {
        using var caseKeys = X25519KeyPair.Generate();
        var id = RandomId.New();
        var sealedRecord = RecordEnvelope.Seal(Plaintext, "request", id, caseKeys.PublicKey, []);
        Assert.Null(sealedRecord.KeyForSource);
        Assert.Equal(Plaintext.Length + 40, sealedRecord.Ciphertext.Length);
        Assert.Equal(32 + SealedBox.Overhead, sealedRecord.KeyForCase.Length);
        Assert.True(RecordEnvelope.TryOpen(sealedRecord.Ciphertext, sealedRecord.KeyForCase, caseKeys, "request", id, out var plaintext));
        Assert.Equal(Plaintext, plaintext);
    }

    [Fact]
    public void RoundTrip_ReplyOpensForCaseAndSource()
    {
        using var caseKeys = X25519KeyPair.Generate();
        using var sourceKeys = X25519KeyPair.Generate();
        var id = RandomId.New();
        var sealedRecord = RecordEnvelope.Seal(Plaintext, "reply", id, caseKeys.PublicKey, sourceKeys.PublicKey);
        Assert.NotNull(sealedRecord.KeyForSource);
        Assert.True(RecordEnvelope.TryOpen(sealedRecord.Ciphertext, sealedRecord.KeyForCase, caseKeys, "reply", id, out var forCase));
        Assert.True(RecordEnvelope.TryOpen(sealedRecord.Ciphertext, sealedRecord.KeyForSource, sourceKeys, "reply", id, out var forSource));
        Assert.Equal(Plaintext, forCase);
        Assert.Equal(Plaintext, forSource);

        // Each sealed key opens only with its own key pair.
        Assert.False(RecordEnvelope.TryOpen(sealedRecord.Ciphertext, sealedRecord.KeyForCase, sourceKeys, "reply", id, out _));
        Assert.False(RecordEnvelope.TryOpen(sealedRecord.Ciphertext, sealedRecord.KeyForSource, caseKeys, "reply", id, out _));
    }

    [Fact]
    public void FreshKeyForEveryRecord()
    {
        using var caseKeys = X25519KeyPair.Generate();
        var id = RandomId.New();
        var a = RecordEnvelope.Seal(Plaintext, "message", id, caseKeys.PublicKey, []);
        var b = RecordEnvelope.Seal(Plaintext, "message", id, caseKeys.PublicKey, []);
        Assert.True(SealedBox.TryOpen(a.KeyForCase, caseKeys, out var keyA));
        Assert.True(SealedBox.TryOpen(b.KeyForCase, caseKeys, out var keyB));
        Assert.Equal(32, keyA.Length);
        Assert.NotEqual(keyA, keyB);
        Assert.NotEqual(a.Ciphertext, b.Ciphertext);
    }

    [Fact]
    public void WrongCaseKeyIsRejected()
    {
        using var caseKeys = X25519KeyPair.Generate();
        using var otherCase = X25519KeyPair.Generate();
        var id = RandomId.New();
        var sealedRecord = RecordEnvelope.Seal(Plaintext, "message", id, caseKeys.PublicKey, []);
        Assert.False(RecordEnvelope.TryOpen(sealedRecord.Ciphertext, sealedRecord.KeyForCase, otherCase, "message", id, out var plaintext));
        Assert.Empty(plaintext);
    }

    [Fact]
    public void MovedToAnotherRecordOrKindIsRejected()
    {
        using var caseKeys = X25519KeyPair.Generate();
        var id = RandomId.New();
        var sealedRecord = RecordEnvelope.Seal(Plaintext, "message", id, caseKeys.PublicKey, []);
        Assert.False(RecordEnvelope.TryOpen(sealedRecord.Ciphertext, sealedRecord.KeyForCase, caseKeys, "message", RandomId.New(), out _));
        Assert.False(RecordEnvelope.TryOpen(sealedRecord.Ciphertext, sealedRecord.KeyForCase, caseKeys, "request", id, out _));
        Assert.False(RecordEnvelope.TryOpen(sealedRecord.Ciphertext, sealedRecord.KeyForCase, caseKeys, "reply", id, out _));
    }

    [Fact]
    public void AnyFlippedBitInCiphertextOrSealedKeyIsRejected()
    {
        using var caseKeys = X25519KeyPair.Generate();
        var id = RandomId.New();
        var sealedRecord = RecordEnvelope.Seal("{\"v\":1,\"text\":\"a\"}"u8, "message", id, caseKeys.PublicKey, []);
        foreach (var tampered in TestData.EveryBitFlipped(sealedRecord.Ciphertext))
        {
            Assert.False(RecordEnvelope.TryOpen(tampered, sealedRecord.KeyForCase, caseKeys, "message", id, out _));
        }

        foreach (var tampered in TestData.EveryBitFlipped(sealedRecord.KeyForCase))
        {
            Assert.False(RecordEnvelope.TryOpen(sealedRecord.Ciphertext, tampered, caseKeys, "message", id, out _));
        }
    }

    [Fact]
    public void SwappedKeyOfAnotherRecordIsRejected()
    {
        using var caseKeys = X25519KeyPair.Generate();
        var id = RandomId.New();
        var a = RecordEnvelope.Seal(Plaintext, "message", id, caseKeys.PublicKey, []);
        var b = RecordEnvelope.Seal(Plaintext, "message", id, caseKeys.PublicKey, []);
        Assert.False(RecordEnvelope.TryOpen(a.Ciphertext, b.KeyForCase, caseKeys, "message", id, out _));
    }

    [Fact]
    public void SealedKeyOfWrongLengthIsRejected()
    {
        using var caseKeys = X25519KeyPair.Generate();
        var id = RandomId.New();
        var sealedRecord = RecordEnvelope.Seal(Plaintext, "message", id, caseKeys.PublicKey, []);
        var notAKey = SealedBox.Seal(new byte[31], caseKeys.PublicKey);
        Assert.False(RecordEnvelope.TryOpen(sealedRecord.Ciphertext, notAKey, caseKeys, "message", id, out _));
        Assert.False(RecordEnvelope.TryOpen(sealedRecord.Ciphertext, [], caseKeys, "message", id, out _));
    }

    [Fact]
    public void Seal_ValidatesArguments()
    {
        using var keys = X25519KeyPair.Generate();
        var id = RandomId.New();
        Assert.Throws<ArgumentException>(() => RecordEnvelope.Seal(Plaintext, "message", id, new byte[31], []));
        Assert.Throws<ArgumentException>(() => RecordEnvelope.Seal(Plaintext, "message", id, keys.PublicKey, new byte[31]));
        Assert.Throws<ArgumentException>(() => RecordEnvelope.Seal(Plaintext, "message", "not-an-id", keys.PublicKey, []));
        Assert.Throws<ArgumentException>(() => RecordEnvelope.Seal(Plaintext, "", id, keys.PublicKey, []));
    }
}
