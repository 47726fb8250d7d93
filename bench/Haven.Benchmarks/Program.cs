using BenchmarkDotNet.Running;

namespace Haven.Benchmarks;

/// <summary>
/// Haven's benchmarks. <c>crypto</c> runs the BenchmarkDotNet suite of the protocol's operations;
/// <c>first-request</c> times a person's first request end to end over loopback HTTP; <c>inbox</c> times the
/// desk inbox over an instance with many cases.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "first-request")
        {
            var count = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 20;
            return await FirstRequestBenchmark.RunAsync(count);
        }

        if (args.Length > 0 && args[0] == "inbox")
        {
            var cases = args.Length > 1 && int.TryParse(args[1], out var c) ? c : 100_000;
            var iterations = args.Length > 2 && int.TryParse(args[2], out var k) ? k : 200;
            return await InboxBenchmark.RunAsync(cases, iterations);
        }

        if (args.Length > 0 && args[0] == "crypto")
        {
            BenchmarkRunner.Run<CryptoBenchmarks>(args: args[1..]);
            return 0;
        }

        await Console.Error.WriteLineAsync("usage: Haven.Benchmarks crypto [BenchmarkDotNet options] | first-request [N] | inbox [N=100000] [requests=200]");
        return 2;
    }
}
