using Haven.Progress;

namespace Haven.Cli;

/// <summary>Turns a count of bytes read (<c>IProgress&lt;long&gt;</c>, as the bundle verifier reports) into <see cref="WorkProgress"/> of one item.</summary>
internal sealed class ByteProgress(IProgress<WorkProgress> inner, long total) : IProgress<long>
{
    public void Report(long value) => inner.Report(new WorkProgress(value >= total ? 1 : 0, 1, value, total));
}
