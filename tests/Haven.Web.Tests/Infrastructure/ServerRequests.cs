using Haven.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Haven.Web.Tests.Infrastructure;

/// <summary>
/// Counts the requests a test server has begun and those it is still handling, from a middleware in front of
/// the whole pipeline: the positive signal a test waits for before it asserts that a request it cut off, or
/// one whose answer came early, left nothing behind. A request counts as begun once its headers are read and
/// as finished once every middleware and handler has returned (after its answer, and after any clean-up).
/// </summary>
internal sealed class ServerRequests
{
    private int _begun;
    private int _inFlight;

    /// <summary>How many requests the pipeline has begun since the server started.</summary>
    public int Begun => Volatile.Read(ref _begun);

    /// <summary>How many requests the pipeline is handling right now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Waits until the pipeline has begun more than <paramref name="begunBefore"/> requests (a count taken earlier).</summary>
    public Task BegunAsync(int begunBefore, string what) =>
        Eventually.UntilAsync(what, () => Begun > begunBefore, state: () => $"{Begun} requests begun, {begunBefore} before");

    /// <summary>Waits until the server handles no request: everything sent to it so far has been dealt with.</summary>
    public Task IdleAsync() =>
        Eventually.UntilAsync("the server to finish handling every request", () => InFlight == 0, state: () => $"{InFlight} still in flight");

    /// <summary>Puts the counting middleware in front of the application's pipeline.</summary>
    public IStartupFilter Filter() => new CountingFilter(this);

    private sealed class CountingFilter(ServerRequests requests) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                Interlocked.Increment(ref requests._begun);
                Interlocked.Increment(ref requests._inFlight);
                try
                {
                    await inner(context);
                }
                finally
                {
                    Interlocked.Decrement(ref requests._inFlight);
                }
            });
            next(app);
        };
    }
}
