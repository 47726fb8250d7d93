using Haven.Evidence.Bundles;
using Haven.Progress;

namespace Haven.Cli;

/// <summary>
/// Turns the bytes of files a bundle has sent (<c>IProgress&lt;long&gt;</c>, as <see cref="BuildBundleCommand.WriteAsync"/>
/// reports them, counted from the first file) into <see cref="WorkProgress"/>: a file is done once the bytes reach its end.
/// </summary>
internal sealed class BundleProgress : IProgress<long>
{
    private readonly IProgress<WorkProgress> _inner;
    private readonly long[] _ends;
    private readonly long _total;

    public BundleProgress(IProgress<WorkProgress> inner, BundlePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _inner = inner;
        var end = 0L;
        _ends = [.. plan.Content.Files.Select(f => end += f.File.Size)];
        _total = plan.PlaintextBytes;
    }

    public void Report(long value) => _inner.Report(new WorkProgress(_ends.Count(e => e <= value), _ends.Length, Math.Min(value, _total), _total));
}
