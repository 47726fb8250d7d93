using System.Globalization;
using Haven.Progress;

namespace Haven.Cli;

/// <summary>
/// One plain line of progress, as written when standard error is not a terminal:
/// <c>backup: 120/431 items, 12.4 MiB of 40.1 MiB, 3.1 MiB/s, about 9 s left</c>. Counts, sizes and times only.
/// </summary>
internal static class ProgressText
{
    /// <summary>The line for <paramref name="progress"/> after <paramref name="elapsed"/>; <paramref name="finished"/> says "done in" instead of the time left.</summary>
    public static string Line(ProgressKind kind, WorkProgress progress, TimeSpan elapsed, bool finished)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var parts = new List<string>
        {
            progress.ItemsTotal > 0 ? $"{progress.ItemsDone}/{progress.ItemsTotal} {kind.Unit}" : $"{progress.ItemsDone} {kind.Unit}",
        };
        if (kind.Bytes)
        {
            parts.Add(progress.BytesTotal > 0 ? $"{Size(progress.BytesDone)} of {Size(progress.BytesTotal)}" : Size(progress.BytesDone));
        }

        var seconds = elapsed.TotalSeconds;
        var (done, total) = kind.Bytes ? (progress.BytesDone, progress.BytesTotal) : (progress.ItemsDone, progress.ItemsTotal);
        if (finished)
        {
            parts.Add($"done in {Duration(elapsed)}");
        }
        else if (seconds >= 1 && done > 0)
        {
            var rate = done / seconds;
            parts.Add(kind.Bytes ? $"{Size((long)rate)}/s" : $"{rate.ToString("0.#", CultureInfo.InvariantCulture)} {kind.Unit}/s");
            if (total > done)
            {
                parts.Add($"about {Duration(TimeSpan.FromSeconds((total - done) / rate))} left");
            }
        }

        return $"{kind.Verb}: {string.Join(", ", parts)}";
    }

    /// <summary>A size in B, KiB, MiB or GiB, one decimal, invariant.</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB",
    };

    /// <summary>A duration as <c>9 s</c>, <c>4 min 10 s</c> or <c>2 h 5 min</c>.</summary>
    public static string Duration(TimeSpan time)
    {
        var seconds = (long)Math.Ceiling(Math.Max(0, time.TotalSeconds));
        return seconds switch
        {
            < 60 => $"{seconds} s",
            < 3600 => $"{seconds / 60} min {seconds % 60} s",
            _ => $"{seconds / 3600} h {seconds % 3600 / 60} min",
        };
    }
}
