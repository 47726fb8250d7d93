namespace Haven.Core.Tests.Cluster;

/// <summary>A clock the test moves by hand, shared by the "nodes" of a test as real nodes share real time.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
