namespace Haven.Crypto.Tests;

/// <summary>
/// Known-answer vectors computed once with Debian's PyNaCl, so that C# and the reference decryptor agree
/// byte for byte. Produced with:
/// <code>
/// /usr/bin/python3 -c 'import nacl.hash as h, nacl.pwhash as p, nacl.public as pub; from nacl.encoding import RawEncoder as R
/// pe, r = bytes(range(32)), b"01234567890123456789"   # second vector: bytes([0xff]*32), b"98765432109876543210"
/// salt = h.blake2b(b"haven/v1/receipt-salt", digest_size=16, key=pe, encoder=R)
/// S = p.argon2id.kdf(64, r, salt, opslimit=3, memlimit=67108864)
/// print(salt.hex(), h.blake2b(S[:32], digest_size=32, key=pe, encoder=R).hex(), bytes(pub.PrivateKey(S[32:]).public_key).hex())'
/// </code>
/// </summary>
public class ReceiptDerivationTests
{
    [Fact]
    public void Salt_MatchesPyNaCl()
    {
        Assert.Equal("1c7ebe2731f5d9ca787eb2b991289745", Hex.Encode(ReceiptDerivation.Salt(TestData.Range(0, 32))));
        Assert.Equal("1ce8685af142dfccfc00514cdb8575e8", Hex.Encode(ReceiptDerivation.Salt(Enumerable.Repeat((byte)0xff, 32).ToArray())));
    }

    [Fact]
    public void Derive_MatchesPyNaCl_Vector1()
    {
        using var keys = ReceiptDerivation.Derive("01234567890123456789", TestData.Range(0, 32));
        Assert.Equal("3c3455297154d14363a8a735a0d1839b4e25d65cdabaa165ebd99c63ce4ef7f1", keys.LookupId);
        Assert.Equal("e2f50d5b72d3b912b796ffcfae76ec19b770ba57b71c4c36fdbb090cb28a8911", Hex.Encode(keys.SourceKeys.PublicKey));
    }

    [Fact]
    public void Derive_MatchesPyNaCl_Vector2_FromArabicIndicInput()
    {
        // The same receipt typed with Arabic-Indic digits and spaces must reach the same keys.
        Assert.True(Receipt.TryNormalize("\u0669\u0668\u0667\u0666 \u0665\u0664\u0663\u0662 \u0661\u0660\u0669\u0668 \u0667\u0666\u0665\u0664 \u0663\u0662\u0661\u0660", out var digits));
        Assert.Equal("98765432109876543210", digits);
        using var keys = ReceiptDerivation.Derive(digits, Enumerable.Repeat((byte)0xff, 32).ToArray());
        Assert.Equal("d68872b030f8b919f7afa67f8fcb3f0566bd0b1928b5d46b49c8c99064a6c352", keys.LookupId);
        Assert.Equal("076dc051365e508fa1f5ac11c5bd58063439d7dce57cb597130fedcb4aa3337f", Hex.Encode(keys.SourceKeys.PublicKey));
    }

    [Theory]
    [InlineData("0123456789012345678")]
    [InlineData("012345678901234567890")]
    [InlineData("0123 4567 8901 2345 6789")]
    [InlineData("\u0660123456789012345678")]
    public void Derive_RejectsUnnormalizedReceipt(string receipt) =>
        Assert.Throws<ArgumentException>(() => ReceiptDerivation.Derive(receipt, TestData.Range(0, 32)));

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    public void RejectsWrongPepperLength(int length)
    {
        Assert.Throws<ArgumentException>(() => ReceiptDerivation.Salt(new byte[length]));
        Assert.Throws<ArgumentException>(() => ReceiptDerivation.Derive("01234567890123456789", new byte[length]));
    }
}
