using Haven.Abuse;

namespace Haven.Core.Tests.Abuse;

public sealed class AttemptLimiterTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void The_allowance_is_spent_then_comes_back_one_interval_at_a_time()
    {
        var clock = new Clock();
        var limiter = new AttemptLimiter(3, TimeSpan.FromMinutes(3), TimeSpan.Zero, clock);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(limiter.TryReserve("a").Admitted);
        }

        var refused = limiter.TryReserve("a");
        Assert.False(refused.Admitted);
        Assert.Equal(TimeSpan.FromMinutes(1), refused.RetryAfter);

        // Another key has its own allowance.
        Assert.True(limiter.TryReserve("b").Admitted);

        clock.Now += TimeSpan.FromMinutes(1);
        Assert.True(limiter.TryReserve("a").Admitted);
        Assert.False(limiter.TryReserve("a").Admitted);
    }

    [Fact]
    public void A_refund_gives_one_permit_back()
    {
        var limiter = new AttemptLimiter(2, TimeSpan.FromMinutes(1), TimeSpan.Zero, new Clock());
        Assert.True(limiter.TryReserve("a").Admitted);
        Assert.True(limiter.TryReserve("a").Admitted);
        Assert.False(limiter.TryReserve("a").Admitted);
        limiter.Refund("a");
        Assert.True(limiter.TryReserve("a").Admitted);
        Assert.False(limiter.TryReserve("a").Admitted);
    }

    [Fact]
    public void Beyond_the_allowance_attempts_take_turns_in_order_up_to_the_longest_wait()
    {
        var limiter = new AttemptLimiter(6, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(25), new Clock());
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(TimeSpan.Zero, limiter.TryReserve("").Wait);
        }

        // One every 10 seconds: the next turns are 10 and 20 seconds away, the one after is beyond 25.
        Assert.Equal(TimeSpan.FromSeconds(10), limiter.TryReserve("").Wait);
        Assert.Equal(TimeSpan.FromSeconds(20), limiter.TryReserve("").Wait);
        var refused = limiter.TryReserve("");
        Assert.False(refused.Admitted);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.RetryAfter);
    }

    [Fact]
    public void Reservations_made_at_once_never_pass_more_than_the_limit()
    {
        var limiter = new AttemptLimiter(5, TimeSpan.FromMinutes(10), TimeSpan.Zero, new Clock());
        var admitted = 0;
        Parallel.For(0, 1000, _ =>
        {
            if (limiter.TryReserve("a").Admitted)
            {
                Interlocked.Increment(ref admitted);
            }
        });
        Assert.Equal(5, admitted);
    }

    [Fact]
    public void Keys_whose_allowance_is_whole_again_are_forgotten()
    {
        var clock = new Clock();
        var limiter = new AttemptLimiter(2, TimeSpan.FromMinutes(1), TimeSpan.Zero, clock);
        for (var i = 0; i < 5000; i++)
        {
            limiter.TryReserve("name " + i);
        }

        clock.Now += TimeSpan.FromMinutes(1);
        limiter.TryReserve("one more");
        Assert.Equal(1, limiter.TrackedKeys);
    }
}
