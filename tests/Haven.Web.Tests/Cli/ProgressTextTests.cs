using Haven.Cli;
using Haven.Progress;

namespace Haven.Web.Tests.Cli;

/// <summary>The plain progress line of the long commands: counts, sizes, rate and time left, or the time it took.</summary>
public sealed class ProgressTextTests
{
    private static readonly ProgressKind Backup = new("backup", "items", Bytes: true);

    [Fact]
    public void A_line_gives_items_and_bytes_done_of_all_the_rate_of_the_bytes_and_the_time_left()
    {
        var line = ProgressText.Line(Backup, new WorkProgress(120, 431, 12_400L * 1024 * 1024 / 1000, 40_100L * 1024 * 1024 / 1000), TimeSpan.FromSeconds(4), finished: false);

        Assert.Equal("backup: 120/431 items, 12.4 MiB of 40.1 MiB, 3.1 MiB/s, about 9 s left", line);
    }

    [Fact]
    public void The_last_line_says_how_long_it_took_and_work_counted_in_items_takes_its_rate_from_them()
    {
        Assert.Equal("backup: 431/431 items, 40.0 MiB of 40.0 MiB, done in 1 min 14 s", ProgressText.Line(Backup, new WorkProgress(431, 431, 40L << 20, 40L << 20), TimeSpan.FromSeconds(73.2), finished: true));
        Assert.Equal("purge: 50/200 cases, 10 cases/s, about 15 s left", ProgressText.Line(new ProgressKind("purge", "cases", Bytes: false), new WorkProgress(50, 200, 0, 0), TimeSpan.FromSeconds(5), finished: false));
    }

    [Fact]
    public void Before_a_second_has_passed_or_with_totals_unknown_no_rate_or_time_left_is_guessed()
    {
        Assert.Equal("backup: 0/31 items, 0 B of 2.0 GiB", ProgressText.Line(Backup, new WorkProgress(0, 31, 0, 2L << 30), TimeSpan.FromMilliseconds(200), finished: false));
        Assert.Equal("restore: 7 items, 512.0 KiB, 256.0 KiB/s", ProgressText.Line(new ProgressKind("restore", "items", Bytes: true), new WorkProgress(7, 0, 512 * 1024, 0), TimeSpan.FromSeconds(2), finished: false));
    }
}
