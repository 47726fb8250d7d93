namespace Haven.Crypto.Tests;

public class ReceiptKeysTests
{
    [Fact]
    public void Dispose_WipesTheSourceKeys()
    {
        var sourceKeys = X25519KeyPair.Generate();
        var keys = new ReceiptKeys(new string('a', 64), sourceKeys);
        Assert.Same(sourceKeys, keys.SourceKeys);
        keys.Dispose();
        Assert.Throws<ObjectDisposedException>(() => sourceKeys.SecretKey.Length);
    }
}
