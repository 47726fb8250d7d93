namespace Haven.Web.Tests.Infrastructure;

/// <summary>
/// A clock the test moves by hand. Only the time is manual: timers made through it (<c>CreateTimer</c>, as the
/// session stores' sweep and <c>Task.Delay</c> use) are the base class's real-time timers, which read this time
/// when they fire.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
