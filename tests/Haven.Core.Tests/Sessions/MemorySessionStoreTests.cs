using Haven.Sessions;

namespace Haven.Core.Tests.Sessions;

public sealed class MemorySessionStoreTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class Secret : IDisposable
    {
        public bool Wiped { get; private set; }

        public void Dispose() => Wiped = true;
    }

    [Fact]
    public void A_session_lives_while_used_and_is_wiped_when_idle()
    {
        var clock = new Clock();
        var store = new MemorySessionStore<Secret>(clock, TimeSpan.FromMinutes(10));
        var secret = new Secret();
        var token = store.Create(secret);
        Assert.True(token.Length >= 40);
        clock.Now += TimeSpan.FromMinutes(9);
        Assert.Same(secret, store.Get(token));
        clock.Now += TimeSpan.FromMinutes(9);
        Assert.Same(secret, store.Get(token));
        clock.Now += TimeSpan.FromMinutes(11);
        Assert.Null(store.Get(token));
        Assert.True(secret.Wiped);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Removing_wipes_and_unknown_or_oversized_tokens_find_nothing()
    {
        var store = new MemorySessionStore<Secret>(TimeProvider.System, TimeSpan.FromMinutes(10));
        var secret = new Secret();
        var token = store.Create(secret);
        Assert.Null(store.Get(null));
        Assert.Null(store.Get(""));
        Assert.Null(store.Get(new string('a', 10_000)));
        Assert.Null(store.Get(token + "x"));
        store.Remove(token);
        Assert.True(secret.Wiped);
        Assert.Null(store.Get(token));
    }

    [Fact]
    public void Tokens_are_unique()
    {
        var store = new MemorySessionStore<Secret>(TimeProvider.System, TimeSpan.FromMinutes(10));
        var tokens = Enumerable.Range(0, 1000).Select(_ => store.Create(new Secret())).ToHashSet();
        Assert.Equal(1000, tokens.Count);
    }
}
