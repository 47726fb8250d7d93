using Haven.Abuse;
using Haven.Tests;
using Microsoft.Extensions.Options;

namespace Haven.Core.Tests.Abuse;

/// <summary>The token buckets behind the submission throttles: allowances, per-case separation, refill.</summary>
public sealed class SubmissionThrottleTests
{
    [Fact]
    public async Task New_cases_stop_at_the_allowance_and_come_back_as_the_bucket_refills()
    {
        var throttle = Throttle(new SubmissionThrottleOptions { NewCasesPerMinute = 60 });

        for (var i = 0; i < 60; i++)
        {
            Assert.True(await throttle.TryNewCaseAsync());
        }

        Assert.False(await throttle.TryNewCaseAsync());

        // 60 per minute refills one token a second.
        await Eventually.UntilAsync("the bucket to refill a token", () => throttle.TryNewCaseAsync(), deadline: TimeSpan.FromSeconds(30), interval: TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Each_case_has_its_own_burst_and_all_share_the_instance_allowance()
    {
        var throttle = Throttle(new SubmissionThrottleOptions { MessagesPerCaseBurst = 2, MessagesPerCasePerMinute = 1, MessagesPerMinute = 5 });

        Assert.True(await throttle.TryMessageAsync("a"));
        Assert.True(await throttle.TryMessageAsync("a"));
        Assert.False(await throttle.TryMessageAsync("a"));
        Assert.True(await throttle.TryMessageAsync("b"));
        Assert.True(await throttle.TryMessageAsync("b"));
        Assert.True(await throttle.TryMessageAsync("c"));

        // Five messages used the instance's allowance; a fresh case is refused too.
        Assert.False(await throttle.TryMessageAsync("d"));
    }

    private static SubmissionThrottle Throttle(SubmissionThrottleOptions options) => new(Options.Create(options), new MemoryThrottleStore(), TimeProvider.System);

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
