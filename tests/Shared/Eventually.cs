using System.Diagnostics;

namespace Haven.Tests;

/// <summary>
/// The one way a test waits for something that happens on its own time (a background job, a file watcher, a
/// server finishing a request): poll a condition at an interval until it holds, and fail with a message naming
/// what was awaited when an overall deadline passes. A test never sleeps a fixed time and then assumes; it
/// waits for a positive signal, and a wait can never hang. The convention test
/// <c>Conventions/WaitingTests</c> keeps <c>Thread.Sleep</c> and <c>Task.Delay</c> out of every other test file.
/// </summary>
internal static class Eventually
{
    /// <summary>How long a wait may take unless the caller says otherwise: generous for a loaded 2-core machine.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(15);

    /// <summary>How long between two looks at the condition unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds. An exception from the condition ends the wait and is
    /// thrown as it is (a condition can thus also stop the wait early, e.g. when a process it watches exits).
    /// </summary>
    /// <param name="what">What is awaited, in words, for the failure message ("the retention job to run twice").</param>
    /// <param name="condition">Looked at first at once, then after each interval.</param>
    /// <param name="deadline">The overall limit; <see cref="DefaultDeadline"/> when null.</param>
    /// <param name="interval">The pause between two looks; <see cref="DefaultInterval"/> when null.</param>
    /// <param name="state">What to add to the failure message about where things stood (a count, recent output).</param>
    /// <exception cref="TimeoutException">The condition did not hold within the deadline.</exception>
    public static async Task UntilAsync(string what, Func<Task<bool>> condition, TimeSpan? deadline = null, TimeSpan? interval = null, Func<string>? state = null)
    {
        var limit = deadline ?? DefaultDeadline;
        var pause = interval ?? DefaultInterval;
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed >= limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for {what}, in vain{(state is null ? "" : "; " + state())}.");
            }

            await Task.Delay(pause);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds (see the asynchronous overload).</summary>
    public static Task UntilAsync(string what, Func<bool> condition, TimeSpan? deadline = null, TimeSpan? interval = null, Func<string>? state = null) =>
        UntilAsync(what, () => Task.FromResult(condition()), deadline, interval, state);

    /// <summary>
    /// Waits for <paramref name="task"/> to finish, doing <paramref name="meanwhile"/> after each interval
    /// in which it has not (moving a test clock along, say), and returns its result.
    /// </summary>
    /// <exception cref="TimeoutException">The task did not finish within the deadline.</exception>
    public static async Task<T> ResultAsync<T>(string what, Task<T> task, Action? meanwhile = null, TimeSpan? deadline = null, TimeSpan? interval = null)
    {
        var first = true;
        await UntilAsync(
            what,
            () =>
            {
                if (task.IsCompleted)
                {
                    return true;
                }

                if (!first)
                {
                    meanwhile?.Invoke();
                }

                first = false;
                return false;
            },
            deadline,
            interval);
        return await task;
    }
}
