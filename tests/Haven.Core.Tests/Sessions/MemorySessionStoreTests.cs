using Haven.Sessions;

namespace Haven.Core.Tests.Sessions;

public sealed class MemorySessionStoreTests
{
    /// <summary>A clock moved by hand whose timers fire only when the test says so.</summary>
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public List<FakeTimer> Timers { get; } = [];

        public override DateTimeOffset GetUtcNow() => Now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new FakeTimer(callback, state, dueTime, period);
            Timers.Add(timer);
            return timer;
        }
    }

    private sealed class FakeTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) : ITimer
    {
        public TimeSpan DueTime { get; } = dueTime;

        public TimeSpan Period { get; } = period;

        public bool Disposed { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose() => Disposed = true;

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
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
        using var store = new MemorySessionStore<Secret>(clock, TimeSpan.FromMinutes(10));
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
        using var store = new MemorySessionStore<Secret>(TimeProvider.System, TimeSpan.FromMinutes(10));
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
        using var store = new MemorySessionStore<Secret>(TimeProvider.System, TimeSpan.FromMinutes(10));
        var tokens = Enumerable.Range(0, 1000).Select(_ => store.Create(new Secret())).ToHashSet();
        Assert.Equal(1000, tokens.Count);
    }

    [Fact]
    public void The_stores_timer_ends_idle_sessions_without_a_request()
    {
        var clock = new Clock();
        var store = new MemorySessionStore<Secret>(clock, TimeSpan.FromMinutes(10));
        var timer = Assert.Single(clock.Timers);
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)), (timer.DueTime, timer.Period));
        Assert.Equal(TimeSpan.FromSeconds(30), store.SweepInterval);

        var idle = new Secret();
        var used = new Secret();
        store.Create(idle);
        var usedToken = store.Create(used);
        clock.Now += TimeSpan.FromMinutes(6);
        Assert.Same(used, store.Get(usedToken));

        // At the timeout nothing ends; one sweep interval later the idle session has ended, with no Get or Create.
        clock.Now += TimeSpan.FromMinutes(4);
        timer.Fire();
        Assert.False(idle.Wiped);
        clock.Now += store.SweepInterval;
        timer.Fire();
        Assert.True(idle.Wiped);
        Assert.False(used.Wiped);
        Assert.Equal(1, store.Count);

        // Disposing the store (the host stops) stops the timer and ends every session.
        store.Dispose();
        Assert.True(timer.Disposed);
        Assert.True(used.Wiped);
        Assert.Equal(0, store.Count);
    }

    [Theory]
    [InlineData(30 * 60, 30)]
    [InlineData(20 * 60, 30)]
    [InlineData(120, 12)]
    [InlineData(5, 1)]
    public void The_sweep_interval_is_a_tenth_of_the_timeout_between_one_and_thirty_seconds(int timeoutSeconds, int intervalSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(intervalSeconds), MemorySessionStore<Secret>.SweepIntervalFor(TimeSpan.FromSeconds(timeoutSeconds)));
}
