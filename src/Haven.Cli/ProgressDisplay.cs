using System.CommandLine;
using Haven.Progress;
using Spectre.Console;

namespace Haven.Cli;

/// <summary>
/// Shows the progress of a long command on standard error, never on standard output (a backup may be written there):
/// a Spectre.Console progress bar when standard error is a terminal, plain lines otherwise (<see cref="PlainProgress"/>),
/// nothing with <c>--quiet</c>. What it shows are counts, sizes, rates and times, never a name or anything a person wrote.
/// A writer other than the process's standard error (a test's, in-process) gets nothing: its output stays the command's own.
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>The <c>--quiet</c> option of a long command.</summary>
    public static Option<bool> QuietOption() => new("--quiet") { Description = "Show no progress on standard error (for a cron job, whose output is mailed)." };

    /// <summary>Runs <paramref name="work"/> with a progress display fitting <paramref name="stderr"/>.</summary>
    /// <param name="kind">What the work is and counts.</param>
    /// <param name="stderr">Standard error, or the writer a test gives.</param>
    /// <param name="quiet">Show nothing.</param>
    /// <param name="work">The work, given where to report.</param>
    public static async Task<T> RunAsync<T>(ProgressKind kind, TextWriter stderr, bool quiet, Func<IProgress<WorkProgress>?, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(work);

        // From here on Ctrl-C and SIGTERM ask the work to stop cleanly (StopSignal) rather than end the process.
        using var cooperating = StopSignal.Cooperate();
        if (quiet || !ReferenceEquals(stderr, Console.Error))
        {
            return await work(null);
        }

        if (IsTerminal())
        {
            // Interactive: standard error is a terminal, whatever standard output is (Spectre's own guess looks at the
            // latter, and `haven backup --out - > FILE` would get its line-by-line fallback).
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.Yes });
            if (console.Profile.Width < 40)
            {
                console.Profile.Width = 80;
            }

            // The sizes are in the description (TerminalProgress): the bar may follow the items, which Spectre's byte columns would show as bytes.
            ProgressColumn[] columns = [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn()];
            return await console.Progress().AutoClear(false).Columns(columns).StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(kind.Verb), maxValue: 1);
                var result = await work(new TerminalProgress(task, kind));
                task.Value = task.MaxValue;
                task.StopTask();
                return result;
            });
        }

        await using var plain = new PlainProgress(kind, stderr, TimeProvider.System);
        var done = await work(plain);
        plain.Finish();
        return done;
    }

    /// <summary>Whether standard error is a terminal that can draw (not <c>TERM=dumb</c>).</summary>
    private static bool IsTerminal() =>
        !Console.IsErrorRedirected
        && Environment.GetEnvironmentVariable("TERM") is { Length: > 0 } term
        && !string.Equals(term, "dumb", StringComparison.Ordinal);
}
