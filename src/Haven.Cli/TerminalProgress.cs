using Haven.Progress;
using Spectre.Console;

namespace Haven.Cli;

/// <summary>A Spectre.Console progress task fed by <see cref="WorkProgress"/> reports: the bar follows the bytes, or the items when bytes are not the measure; the description gives both.</summary>
internal sealed class TerminalProgress(ProgressTask task, ProgressKind kind) : IProgress<WorkProgress>
{
    public void Report(WorkProgress value)
    {
        var (done, total) = kind.Bytes && value.BytesTotal > 0 ? (value.BytesDone, value.BytesTotal) : (value.ItemsDone, value.ItemsTotal);
        task.IsIndeterminate = total <= 0;
        task.MaxValue = Math.Max(1, total);
        task.Value = Math.Min(done, Math.Max(1, total));
        var items = value.ItemsTotal > 0 ? $"{kind.Verb} {value.ItemsDone}/{value.ItemsTotal} {kind.Unit}" : $"{kind.Verb} {value.ItemsDone} {kind.Unit}";
        var bytes = !kind.Bytes ? "" : value.BytesTotal > 0 ? $", {ProgressText.Size(value.BytesDone)} of {ProgressText.Size(value.BytesTotal)}" : $", {ProgressText.Size(value.BytesDone)}";
        task.Description = Markup.Escape(items + bytes);
    }
}
