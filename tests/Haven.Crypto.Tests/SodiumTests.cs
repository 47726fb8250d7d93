namespace Haven.Crypto.Tests;

public class SodiumTests
{
    [Fact]
    public void Init_IsIdempotentAfterStaticConstructor()
    {
        // The static constructor already ran sodium_init; a further call reports "already initialised" (1).
        Assert.Equal(1, Interop.Sodium.sodium_init());
    }

    [Fact]
    public void Init_IsSafeFromManyThreadsAtOnce()
    {
        var results = new int[32];
        Parallel.For(0, results.Length, i => results[i] = SodiumRandom.Bytes(16).Length);
        Assert.All(results, r => Assert.Equal(16, r));
    }
}
