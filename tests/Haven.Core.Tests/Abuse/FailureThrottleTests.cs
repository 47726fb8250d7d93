using Haven.Abuse;

namespace Haven.Core.Tests.Abuse;

public sealed class FailureThrottleTests
{
    [Fact]
    public void Locks_after_the_allowance_of_failures_and_opens_again_after_the_window()
    {
        using var throttle = new FailureThrottle(new ThrottleOptions { FailuresPerWindow = 3, Window = TimeSpan.FromMilliseconds(300) });
        Assert.False(throttle.IsLocked);
        throttle.RecordFailure();
        throttle.RecordFailure();
        Assert.False(throttle.IsLocked);
        throttle.RecordFailure();
        Assert.True(throttle.IsLocked);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (throttle.IsLocked && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }

        Assert.False(throttle.IsLocked);
    }
}
