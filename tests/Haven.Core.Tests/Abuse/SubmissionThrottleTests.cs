using Haven.Abuse;
using Haven.Tests;

namespace Haven.Core.Tests.Abuse;

/// <summary>The token buckets behind the submission throttles: allowances, per-case separation, refill.</summary>
public sealed class SubmissionThrottleTests
{
    [Fact]
    public async Task New_cases_stop_at_the_allowance_and_come_back_as_the_bucket_refills()
    {
        using var throttle = new SubmissionThrottle(new SubmissionThrottleOptions { NewCasesPerMinute = 60 });

        Assert.All(Enumerable.Range(0, 60), _ => Assert.True(throttle.TryNewCase()));
        Assert.False(throttle.TryNewCase());

        // 60 per minute refills one token a second.
        await Eventually.UntilAsync("the bucket to refill a token", throttle.TryNewCase, deadline: TimeSpan.FromSeconds(30), interval: TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Each_case_has_its_own_burst_and_all_share_the_instance_allowance()
    {
        using var throttle = new SubmissionThrottle(new SubmissionThrottleOptions { MessagesPerCaseBurst = 2, MessagesPerCasePerMinute = 1, MessagesPerMinute = 5 });

        Assert.True(throttle.TryMessage("a"));
        Assert.True(throttle.TryMessage("a"));
        Assert.False(throttle.TryMessage("a"));
        Assert.True(throttle.TryMessage("b"));
        Assert.True(throttle.TryMessage("b"));
        Assert.True(throttle.TryMessage("c"));

        // Five messages used the instance's allowance; a fresh case is refused too.
        Assert.False(throttle.TryMessage("d"));
    }

    [Theory]
    [InlineData(0, 1, 1, 1)]
    [InlineData(1, 0, 1, 1)]
    [InlineData(1, 1, 0, 1)]
    [InlineData(1, 1, 1, 0)]
    public void Limits_below_one_are_invalid(int newCases, int messages, int burst, int perCase)
    {
        var options = new SubmissionThrottleOptions { NewCasesPerMinute = newCases, MessagesPerMinute = messages, MessagesPerCaseBurst = burst, MessagesPerCasePerMinute = perCase };
        Assert.False(options.IsValid);
        Assert.True(new SubmissionThrottleOptions().IsValid);
    }
}
