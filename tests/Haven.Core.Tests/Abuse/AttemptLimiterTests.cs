using Haven.Abuse;
using Haven.Core.Tests.Cluster;

namespace Haven.Core.Tests.Abuse;

/// <summary>The generic cell rate algorithm over the store a node gets: in memory on SQLite, the database's table on PostgreSQL.</summary>
public sealed class AttemptLimiterTests : IAsyncLifetime
{
    private ClusterDatabase? _database;

    private IThrottleStore Store { get; set; } = new MemoryThrottleStore();

    public async Task InitializeAsync()
    {
        _database = await ClusterDatabase.CreateAsync();
        Store = _database.NodeThrottles();
    }

    public async Task DisposeAsync() => await _database!.DisposeAsync();

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task The_allowance_is_spent_then_comes_back_one_interval_at_a_time()
    {
        var clock = new Clock();
        var limiter = new AttemptLimiter(Store, "test", 3, TimeSpan.FromMinutes(3), TimeSpan.Zero, clock);
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await limiter.TryReserveAsync("a")).Admitted);
        }

        var refused = await limiter.TryReserveAsync("a");
        Assert.False(refused.Admitted);
        Assert.Equal(TimeSpan.FromMinutes(1), refused.RetryAfter);

        // Another key has its own allowance.
        Assert.True((await limiter.TryReserveAsync("b")).Admitted);

        clock.Now += TimeSpan.FromMinutes(1);
        Assert.True((await limiter.TryReserveAsync("a")).Admitted);
        Assert.False((await limiter.TryReserveAsync("a")).Admitted);
    }

    [Fact]
    public async Task A_refund_gives_one_permit_back()
    {
        var limiter = new AttemptLimiter(Store, "test", 2, TimeSpan.FromMinutes(1), TimeSpan.Zero, new Clock());
        Assert.True((await limiter.TryReserveAsync("a")).Admitted);
        Assert.True((await limiter.TryReserveAsync("a")).Admitted);
        Assert.False((await limiter.TryReserveAsync("a")).Admitted);
        await limiter.RefundAsync("a");
        Assert.True((await limiter.TryReserveAsync("a")).Admitted);
        Assert.False((await limiter.TryReserveAsync("a")).Admitted);
    }

    [Fact]
    public async Task Beyond_the_allowance_attempts_take_turns_in_order_up_to_the_longest_wait()
    {
        var limiter = new AttemptLimiter(Store, "test", 6, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(25), new Clock());
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(TimeSpan.Zero, (await limiter.TryReserveAsync("")).Wait);
        }

        // One every 10 seconds: the next turns are 10 and 20 seconds away, the one after is beyond 25.
        Assert.Equal(TimeSpan.FromSeconds(10), (await limiter.TryReserveAsync("")).Wait);
        Assert.Equal(TimeSpan.FromSeconds(20), (await limiter.TryReserveAsync("")).Wait);
        var refused = await limiter.TryReserveAsync("");
        Assert.False(refused.Admitted);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.RetryAfter);
    }

    [Fact]
    public async Task Reservations_made_at_once_never_pass_more_than_the_limit()
    {
        var limiter = new AttemptLimiter(Store, "test", 5, TimeSpan.FromMinutes(10), TimeSpan.Zero, new Clock());
        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => limiter.TryReserveAsync("a"))));
        Assert.Equal(5, answers.Count(a => a.Admitted));
    }

    [Fact]
    public async Task Keys_whose_allowance_is_whole_again_are_forgotten()
    {
        var clock = new Clock();
        var store = new MemoryThrottleStore();
        var limiter = new AttemptLimiter(store, "test", 2, TimeSpan.FromMinutes(1), TimeSpan.Zero, clock);
        for (var i = 0; i < 5000; i++)
        {
            await limiter.TryReserveAsync("name " + i);
        }

        clock.Now += TimeSpan.FromMinutes(1);
        await limiter.TryReserveAsync("one more");
        Assert.Equal(1, store.TrackedKeys);
    }
}
