namespace Haven.Crypto.Tests;

public class X25519KeyPairTests
{
    // Produced once with Debian's PyNaCl (/usr/bin/python3):
    // bytes(nacl.public.PrivateKey(bytes(range(32))).public_key).hex()
    internal const string PublicKeyOfRange32 = "8f40c5adb68f25624ae5b214ea767a6ec94d829d3d7b5e1ad1ba6f3e2138285f";

    [Fact]
    public void FromSecretKey_PublicKeyMatchesPyNaCl()
    {
        using var keys = X25519KeyPair.FromSecretKey(TestData.Range(0, 32));
        Assert.Equal(PublicKeyOfRange32, Hex.Encode(keys.PublicKey));
        Assert.Equal(TestData.Range(0, 32), keys.SecretKey.ToArray());
    }

    [Fact]
    public void Generate_GivesDistinctConsistentPairs()
    {
        using var a = X25519KeyPair.Generate();
        using var b = X25519KeyPair.Generate();
        Assert.Equal(32, a.PublicKey.Length);
        Assert.Equal(32, a.SecretKey.Length);
        Assert.NotEqual(a.PublicKey, b.PublicKey);
        using var again = X25519KeyPair.FromSecretKey(a.SecretKey);
        Assert.Equal(a.PublicKey, again.PublicKey);
    }

    [Fact]
    public void ExportSecretKey_IsACopy()
    {
        using var keys = X25519KeyPair.Generate();
        var exported = keys.ExportSecretKey();
        Assert.Equal(keys.SecretKey.ToArray(), exported);
        exported[0] ^= 1;
        Assert.NotEqual(keys.SecretKey.ToArray(), exported);
    }

    [Fact]
    public void PublicKey_CannotBeAlteredThroughTheProperty()
    {
        using var keys = X25519KeyPair.Generate();
        var before = keys.PublicKey;
        keys.PublicKey[0] ^= 1;
        Assert.Equal(before, keys.PublicKey);
    }

    [Fact]
    public void Dispose_WipesAndBlocksSecretKey()
    {
        var keys = X25519KeyPair.Generate();
        var publicKey = keys.PublicKey;
        keys.Dispose();
        keys.Dispose();
        Assert.Throws<ObjectDisposedException>(() => keys.SecretKey.Length);
        Assert.Throws<ObjectDisposedException>(() => keys.ExportSecretKey());
        Assert.Equal(publicKey, keys.PublicKey);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void FromSecretKey_RejectsWrongLength(int length) =>
        Assert.Throws<ArgumentException>(() => X25519KeyPair.FromSecretKey(new byte[length]));
}
