using System.Text;

namespace Haven.Crypto.Tests;

public class DocumentationEnvelopeTests
{
    private static readonly byte[] Coding = "{\"v\":1,\"status\":\"confirmed\",\"region\":\"RU-CE\"}"u8.ToArray();
    private static readonly byte[] Narrative = "{\"v\":1,\"title\":\"Задержание\"}"u8.ToArray();

    // Produced once with Debian's PyNaCl (/usr/bin/python3): a coding sealed to the documentation key
    // bytes(range(32)), with a random K and nonce, version id 0123456789abcdef0123456789abcdef:
    //   ad = b"haven/v1/coding:event:0123456789abcdef0123456789abcdef"
    //   ct = n + nacl.bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(b'{"v":1,"status":"likely"}', ad, n, K)
    //   kfd = nacl.public.SealedBox(nacl.public.PrivateKey(bytes(range(32))).public_key).encrypt(K)
    private const string PyNaClVersionId = "0123456789abcdef0123456789abcdef";
    private const string PyNaClCiphertext = "0edacd437ff78042cab52910f49ef2bb3c615989cd857ac24c488f18be5df08b348487eb9aa409a874b2456e21de309f75df8f4bedb4695b14a1640d421c4217e4";
    private const string PyNaClKeyForDocumentation = "30b09b64b16af559358c3dc5f1d093c00408e11f00601e6230862b7b44d64a264c5d8ec8e52381bd9108698d040a8f823309a12720ce1bddaf862c19a37364d50e1b9f8fd011ceac79f953ac1c6ee75a";

    [Fact]
    public void OpensACodingMadeByPyNaCl_AndNotAsANarrativeOrAnotherKind()
    {
        using var documentation = X25519KeyPair.FromSecretKey(TestData.Range(0, 32));
        Assert.True(DocumentationEnvelope.TryOpenCoding(Hex.Decode(PyNaClCiphertext), Hex.Decode(PyNaClKeyForDocumentation), documentation, "event", PyNaClVersionId, out var json));
        Assert.Equal("{\"v\":1,\"status\":\"likely\"}", Encoding.UTF8.GetString(json));
        Assert.False(DocumentationEnvelope.TryOpenNarrative(Hex.Decode(PyNaClCiphertext), Hex.Decode(PyNaClKeyForDocumentation), documentation, "event", PyNaClVersionId, out _));
        Assert.False(DocumentationEnvelope.TryOpenCoding(Hex.Decode(PyNaClCiphertext), Hex.Decode(PyNaClKeyForDocumentation), documentation, "victim", PyNaClVersionId, out _));
    }

    [Fact]
    public void TheCodingOpensWithTheDocumentationKeyAndTheCaseKey_TheNarrativeOnlyWithTheCaseKey()
    {
        using var documentation = X25519KeyPair.Generate();
        using var caseKeys = X25519KeyPair.Generate();
        var id = RandomId.New();
        var coding = DocumentationEnvelope.SealCoding(Coding, "event", id, documentation.PublicKey, caseKeys.PublicKey);
        var narrative = DocumentationEnvelope.SealNarrative(Narrative, "event", id, caseKeys.PublicKey);

        Assert.True(DocumentationEnvelope.TryOpenCoding(coding.Ciphertext, coding.KeyForDocumentation, documentation, "event", id, out var byDocumentation));
        Assert.True(DocumentationEnvelope.TryOpenCoding(coding.Ciphertext, coding.KeyForCase, caseKeys, "event", id, out var byCase));
        Assert.Equal(Coding, byDocumentation);
        Assert.Equal(Coding, byCase);
        Assert.True(DocumentationEnvelope.TryOpenNarrative(narrative.Ciphertext, narrative.KeyForCase, caseKeys, "event", id, out var text));
        Assert.Equal(Narrative, text);

        // The documentation key holds no seal of the narrative key: nothing it has opens the narrative.
        Assert.False(DocumentationEnvelope.TryOpenNarrative(narrative.Ciphertext, narrative.KeyForCase, documentation, "event", id, out _));
        Assert.False(DocumentationEnvelope.TryOpenNarrative(narrative.Ciphertext, coding.KeyForDocumentation, documentation, "event", id, out _));

        // Bound to its part, kind and version.
        Assert.False(DocumentationEnvelope.TryOpenNarrative(coding.Ciphertext, coding.KeyForCase, caseKeys, "event", id, out _));
        Assert.False(DocumentationEnvelope.TryOpenCoding(coding.Ciphertext, coding.KeyForCase, caseKeys, "victim", id, out _));
        Assert.False(DocumentationEnvelope.TryOpenCoding(coding.Ciphertext, coding.KeyForCase, caseKeys, "event", RandomId.New(), out _));
        var altered = (byte[])coding.Ciphertext.Clone();
        altered[^1] ^= 1;
        Assert.False(DocumentationEnvelope.TryOpenCoding(altered, coding.KeyForCase, caseKeys, "event", id, out _));
    }

    [Fact]
    public void EveryVersionHasItsOwnKeysAndNonces()
    {
        using var documentation = X25519KeyPair.Generate();
        using var caseKeys = X25519KeyPair.Generate();
        var id = RandomId.New();
        var a = DocumentationEnvelope.SealCoding(Coding, "event", id, documentation.PublicKey, caseKeys.PublicKey);
        var b = DocumentationEnvelope.SealCoding(Coding, "event", id, documentation.PublicKey, caseKeys.PublicKey);
        Assert.NotEqual(a.Ciphertext, b.Ciphertext);
        Assert.Equal(Coding.Length + RecordCipher.Overhead, a.Ciphertext.Length);
        Assert.False(DocumentationEnvelope.TryOpenCoding(a.Ciphertext, b.KeyForCase, caseKeys, "event", id, out _));
    }

    [Fact]
    public void RefusesMalformedKeysKindsAndIds()
    {
        using var keys = X25519KeyPair.Generate();
        Assert.Throws<ArgumentException>(() => DocumentationEnvelope.SealCoding(Coding, "event", RandomId.New(), new byte[31], keys.PublicKey));
        Assert.Throws<ArgumentException>(() => DocumentationEnvelope.SealNarrative(Narrative, "Event", RandomId.New(), keys.PublicKey));
        Assert.Throws<ArgumentException>(() => DocumentationEnvelope.SealNarrative(Narrative, "event", "not-an-id", keys.PublicKey));
        Assert.Equal("haven/v1/coding:victim:" + PyNaClVersionId, Encoding.ASCII.GetString(DocumentationEnvelope.CodingAssociatedData("victim", PyNaClVersionId)));
        Assert.Equal("haven/v1/narrative:event:" + PyNaClVersionId, Encoding.ASCII.GetString(DocumentationEnvelope.NarrativeAssociatedData("event", PyNaClVersionId)));
    }
}
