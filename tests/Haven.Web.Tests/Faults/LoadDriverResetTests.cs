using System.Net;
using System.Net.Sockets;
using Haven.Load;
using Haven.Tests;

namespace Haven.Web.Tests.Faults;

/// <summary>
/// The load driver keeps going when the server's end resets connections the moment they open, as a server
/// killed under load does: every failure is counted and sampled, none escapes the person's loop. (A reset
/// between the connect and the client's look at the remote end point surfaces as a bare
/// <see cref="SocketException"/>, not wrapped in <see cref="HttpRequestException"/>; KillDuringLoadTests failed
/// on it once.)
/// </summary>
public sealed class LoadDriverResetTests
{
    [Fact]
    public async Task Connections_reset_as_they_open_are_counted_as_errors_and_the_loop_ends_when_told()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(512);
        using var stop = new CancellationTokenSource();
        var resetter = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Socket accepted;
                try
                {
                    accepted = await listener.AcceptSocketAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                accepted.LingerState = new LingerOption(true, 0);
                accepted.Close();
            }
        });
        var address = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        var driver = new LoadDriver(address, new LoadOptions(People: 4, Responders: 0, Duration: TimeSpan.FromMinutes(1)), []);
        var result = new LoadResult();
        var people = Enumerable.Range(0, 4).Select(i => new LoadDriver.Person(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, AllowAutoRedirect = false }) { BaseAddress = address },
            $"receipt-{i}")
        { Token = "t" }).ToList();
        try
        {
            var loops = people.Select(p => driver.PersonLoopAsync(p, result, stop.Token)).ToList();
            await Eventually.UntilAsync(
                "200 reset connections",
                () =>
                {
                    // A loop that ended on its own let an exception escape: show it.
                    loops.Find(l => l.IsCompleted)?.GetAwaiter().GetResult();
                    Assert.DoesNotContain(loops, l => l.IsCompleted);
                    return result.Messages.Errors >= 200;
                },
                deadline: TimeSpan.FromMinutes(1));
            await stop.CancelAsync();
            await Task.WhenAll(loops);
            await resetter;
        }
        finally
        {
            people.ForEach(p => p.Http.Dispose());
        }

        Assert.Empty(result.Acknowledged);
        Assert.All(result.ErrorSamples, e => Assert.Contains(e, new[] { "HttpRequestException", "IOException", "SocketException", "TaskCanceledException" }));
    }
}
