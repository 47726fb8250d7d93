using Haven.Abuse;
using Haven.Accounts;
using Microsoft.Extensions.Options;

namespace Haven.Core.Tests.Abuse;

public sealed class LoginThrottleTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static LoginThrottle Throttle(int failures = 2, int attemptsPerMinute = 100, TimeProvider? clock = null) => new(
        Options.Create(new LoginThrottleOptions { FailuresPerWindow = failures, Window = TimeSpan.FromMinutes(10), AttemptsPerMinute = attemptsPerMinute, MaxWait = TimeSpan.Zero }),
        Options.Create(new Argon2Options()),
        new MemoryThrottleStore(),
        clock ?? new Clock());

    [Fact]
    public async Task Spellings_of_one_name_share_its_allowance_and_other_names_have_their_own()
    {
        var throttle = Throttle();
        Assert.True((await throttle.TryAdmitAsync("Admin", null)).Admitted);
        Assert.True((await throttle.TryAdmitAsync(" admin ", null)).Admitted);
        var locked = await throttle.TryAdmitAsync("ADMIN", null);
        Assert.Equal(ThrottleRefusal.NameLocked, locked.Refusal);
        Assert.True((await throttle.TryAdmitAsync("Someone else", null)).Admitted);
    }

    [Fact]
    public async Task A_device_has_its_own_allowance_and_a_success_gives_the_permit_back()
    {
        var throttle = Throttle(failures: 1);
        Assert.True((await throttle.TryAdmitAsync("Admin", null)).Admitted);
        Assert.False((await throttle.TryAdmitAsync("Admin", null)).Admitted);

        var fromDevice = await throttle.TryAdmitAsync("Admin", "device-1");
        Assert.True(fromDevice.Admitted);
        await fromDevice.SucceededAsync();
        Assert.True((await throttle.TryAdmitAsync("Admin", "device-1")).Admitted);
        Assert.False((await throttle.TryAdmitAsync("Admin", "device-1")).Admitted);
    }

    [Fact]
    public async Task Beyond_the_instance_rate_strangers_are_told_the_server_is_busy_and_the_name_keeps_its_permit()
    {
        var clock = new Clock();
        var throttle = Throttle(failures: 1, attemptsPerMinute: 1, clock: clock);
        Assert.True((await throttle.TryAdmitAsync("One", null)).Admitted);
        var busy = await throttle.TryAdmitAsync("Two", null);
        Assert.Equal(ThrottleRefusal.Busy, busy.Refusal);
        Assert.Equal(TimeSpan.FromMinutes(1), busy.RetryAfter);

        // A device cookie's attempts do not queue behind strangers.
        Assert.True((await throttle.TryAdmitAsync("Three", "device-3")).Admitted);

        // "Two" was refused as busy, so its one permit was not spent.
        clock.Now += TimeSpan.FromMinutes(1);
        Assert.True((await throttle.TryAdmitAsync("Two", null)).Admitted);
    }
}
