using System.Text;

namespace Haven.Crypto.Tests;

public class FigureBasisEnvelopeTests
{
    // Produced once with Debian's PyNaCl (/usr/bin/python3): a basis sealed to the documentation key
    // bytes(range(32)), with a random K and nonce, release id 0123456789abcdef0123456789abcdef:
    //   ad = b"haven/v1/figure-basis:0123456789abcdef0123456789abcdef"
    //   ct = n + nacl.bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(b'{"v":1,"total":7}', ad, n, K)
    //   kfd = nacl.public.SealedBox(nacl.public.PrivateKey(bytes(range(32))).public_key).encrypt(K)
    private const string PyNaClReleaseId = "0123456789abcdef0123456789abcdef";
    private const string PyNaClCiphertext = "29dad324b0313c0af00eb99e9ab95ab36624ece05c693c9a1b0f97d214c54e119435d429d17a4afcad908bc57d2ffe823e0628f7e4542e815e";
    private const string PyNaClKeyForDocumentation = "8187a6d146a56bcc73cc7a4a5907fe412fac5d76d6cf14196e2ad6a4dc76342c43cab68837e6e6409f128707043a2e619ae9de824d2c3133b92cdbcbbbed837eafd7bd5ec4c322e1ca5bd5d87b2d11a5";

    [Fact]
    public void OpensABasisMadeByPyNaCl_AndNotUnderAnotherReleaseId()
    {
        using var documentation = X25519KeyPair.FromSecretKey(TestData.Range(0, 32));
        Assert.True(FigureBasisEnvelope.TryOpen(Hex.Decode(PyNaClCiphertext), Hex.Decode(PyNaClKeyForDocumentation), documentation, PyNaClReleaseId, out var json));
        Assert.Equal("{\"v\":1,\"total\":7}", Encoding.UTF8.GetString(json));
        Assert.False(FigureBasisEnvelope.TryOpen(Hex.Decode(PyNaClCiphertext), Hex.Decode(PyNaClKeyForDocumentation), documentation, RandomId.New(), out _));
    }

    [Fact]
    public void ABasisOpensOnlyWithTheDocumentationKeyItWasSealedTo_AndNotAsACoding()
    {
        using var documentation = X25519KeyPair.Generate();
        using var other = X25519KeyPair.Generate();
        var id = RandomId.New();
        var basis = "{\"v\":1,\"cells\":[[3]]}"u8.ToArray();
        var (ciphertext, key) = FigureBasisEnvelope.Seal(basis, id, documentation.PublicKey);

        Assert.True(FigureBasisEnvelope.TryOpen(ciphertext, key, documentation, id, out var opened));
        Assert.Equal(basis, opened);
        Assert.Equal(basis.Length + RecordCipher.Overhead, ciphertext.Length);
        Assert.False(FigureBasisEnvelope.TryOpen(ciphertext, key, other, id, out _));
        Assert.False(DocumentationEnvelope.TryOpenCoding(ciphertext, key, documentation, "event", id, out _));

        var altered = (byte[])ciphertext.Clone();
        altered[^1] ^= 1;
        Assert.False(FigureBasisEnvelope.TryOpen(altered, key, documentation, id, out _));
        Assert.Throws<ArgumentException>(() => FigureBasisEnvelope.Seal(basis, "not-an-id", documentation.PublicKey));
        Assert.Throws<ArgumentException>(() => FigureBasisEnvelope.Seal(basis, id, new byte[31]));
    }
}
