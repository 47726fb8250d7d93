namespace Haven.Crypto.Tests;

/// <summary>
/// Known-answer vectors computed once with Debian's PyNaCl:
/// <code>
/// /usr/bin/python3 -c 'import nacl.hash as h, nacl.pwhash as p, unicodedata as u; from nacl.encoding import RawEncoder as R
/// pw, salt = "correct horse battery staple", bytes(range(16))   # second: "Café über مرحبا", bytes(range(16, 32))
/// D = p.argon2id.kdf(64, u.normalize("NFC", pw).encode(), salt, opslimit=3, memlimit=67108864)
/// print(h.blake2b(D[:32], digest_size=32, encoder=R).hex(), D[32:].hex())'
/// </code>
/// </summary>
public class PassphraseDerivationTests
{
    [Fact]
    public void Derive_MatchesPyNaCl()
    {
        using var keys = PassphraseDerivation.Derive("correct horse battery staple", TestData.Range(0, 16));
        Assert.Equal("165e93175f32f1c136b23e6155a21dd308cd9ff80bcae28cbbf30d33445c2390", Hex.Encode(keys.Verifier));
        Assert.Equal("f1c2815097615f218797ed574c7084ed21fd2609b8d0b3706bffd4dec7e6aeb8", Hex.Encode(keys.WrappingKey));
    }

    [Fact]
    public void Derive_NormalizesToNfc_MatchesPyNaCl()
    {
        // Decomposed input (e + U+0301, u + U+0308); the vector was computed on the composed (NFC) form.
        const string decomposed = "Cafe\u0301 u\u0308ber \u0645\u0631\u062d\u0628\u0627";
        using var keys = PassphraseDerivation.Derive(decomposed, TestData.Range(16, 16));
        Assert.Equal("14026bfe82b79dcac2cc9a341a8a75df09dbc954b6732826b1fc738fbc7e4221", Hex.Encode(keys.Verifier));
        Assert.Equal("109c3625d973cc388d2de8fb3b1b49983a4cb0b115929df7f0ba206958b3b3db", Hex.Encode(keys.WrappingKey));
    }

    [Fact]
    public void Dispose_WipesTheWrappingKey()
    {
        var keys = new PassphraseKeys(new byte[32], [1, 2, 3]);
        keys.Dispose();
        keys.Dispose();
        Assert.Throws<ObjectDisposedException>(() => keys.WrappingKey.Length);
        Assert.Equal(32, keys.Verifier.Length);
    }

    [Fact]
    public void VerifierMatches_ComparesExactly()
    {
        var a = SodiumRandom.Bytes(32);
        Assert.True(PassphraseDerivation.VerifierMatches(a, (byte[])a.Clone()));
        foreach (var other in TestData.EveryBitFlipped(a))
        {
            Assert.False(PassphraseDerivation.VerifierMatches(a, other));
        }
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(31, 31)]
    [InlineData(32, 31)]
    [InlineData(33, 33)]
    public void VerifierMatches_FalseForWrongLengths(int lengthA, int lengthB) =>
        Assert.False(PassphraseDerivation.VerifierMatches(new byte[lengthA], new byte[lengthB]));

    [Fact]
    public void Derive_ValidatesArguments()
    {
        Assert.Throws<ArgumentException>(() => PassphraseDerivation.Derive("", new byte[16]));
        Assert.ThrowsAny<ArgumentException>(() => PassphraseDerivation.Derive(null!, new byte[16]));
        Assert.Throws<ArgumentException>(() => PassphraseDerivation.Derive("p", new byte[15]));
        Assert.Throws<ArgumentException>(() => PassphraseDerivation.Derive("p", new byte[17]));
        Assert.Throws<ArgumentException>(() => PassphraseDerivation.Derive("p\ud800", new byte[16]));
    }
}
