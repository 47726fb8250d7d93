using BenchmarkDotNet.Running;

namespace Haven.Benchmarks;

/// <summary>
/// Haven's benchmarks. <c>crypto</c> runs the BenchmarkDotNet suite of the protocol's operations;
/// <c>first-request</c> times a person's first request end to end over loopback HTTP; <c>inbox</c> times the
/// desk inbox over an instance with many cases; <c>record-list</c> times the documentation list over many coded acts in process, <c>record-list-http</c> the same list's desk page over HTTP from the shipped server; <c>figures-audit</c> protects and audits a 20 × 12 figure in process; <c>figures-prepare</c> an analyst's preview and preparation of a 20 × 12 figure over many acts from the shipped server; <c>files</c> uploads and downloads large files through a
/// separate server process, measuring throughput and the server's memory; <c>evidence-bundle</c> exports a 4 GiB case as a signed evidence bundle from the shipped server and verifies it with the CLI; <c>mail</c> measures Act's letters accepted per second and a 10,000-letter send to the test SMTP sink; <c>load</c> drives many people
/// and responders at once against a separate server process; <c>nodes</c> compares one node with two behind HAProxy on one PostgreSQL; <c>package</c> compares the self-contained publish with the framework-dependent one (start to the first page, idle memory, sizes).
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

        if (args.Length > 0 && args[0] == "record-list")
        {
            var acts = args.Length > 1 && int.TryParse(args[1], out var a) ? a : 50_000;
            var iterations = args.Length > 2 && int.TryParse(args[2], out var k) ? k : 200;
            return await RecordListBenchmark.RunAsync(acts, iterations);
        }

        if (args.Length > 0 && args[0] == "record-list-http")
        {
            var acts = args.Length > 1 && int.TryParse(args[1], out var a) ? a : 50_000;
            var iterations = args.Length > 2 && int.TryParse(args[2], out var k) ? k : 50;
            return await RecordListHttpBenchmark.RunAsync(acts, iterations);
        }

        if (args.Length > 0 && args[0] == "figures-audit")
        {
            var rounds = args.Length > 1 && int.TryParse(args[1], out var r) ? r : 7;
            return await FiguresAuditBenchmark.RunAsync(rounds);
        }

        if (args.Length > 0 && args[0] == "figures-prepare")
        {
            var acts = args.Length > 1 && int.TryParse(args[1], out var a) ? a : 50_000;
            var rounds = args.Length > 2 && int.TryParse(args[2], out var r) ? r : 5;
            var iterations = args.Length > 3 && int.TryParse(args[3], out var k) ? k : 10;
            return await FiguresPrepareBenchmark.RunAsync(acts, rounds, iterations);
        }

        if (args.Length > 0 && args[0] == "files")
        {
            var size = args.Length > 1 && double.TryParse(args[1], System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 1;
            var big = args.Length > 2 && double.TryParse(args[2], System.Globalization.CultureInfo.InvariantCulture, out var b) ? b : 4;
            return await FilesBenchmark.RunAsync(size, big);
        }

        if (args.Length > 0 && args[0] == "evidence-bundle")
        {
            var files = args.Length > 1 && int.TryParse(args[1], out var f) ? f : 8;
            var fileMiB = args.Length > 2 && int.TryParse(args[2], out var m) ? m : 512;
            var runs = args.Length > 3 && int.TryParse(args[3], out var r) ? r : 3;
            return await EvidenceBundleBenchmark.RunAsync(files, fileMiB, runs);
        }

        if (args.Length > 0 && args[0] == "mail")
        {
            int Arg(int index, int fallback) => args.Length > index && int.TryParse(args[index], out var v) ? v : fallback;
            return await MailBenchmark.RunAsync(letters: Arg(1, 10_000), windowMinutes: Arg(2, 2), rounds: Arg(3, 3), supporters: Arg(4, 4), accepted: Arg(5, 300));
        }

        if (args.Length > 0 && args[0] == "load")
        {
            var people = args.Length > 1 && int.TryParse(args[1], out var p) ? p : 32;
            var responders = args.Length > 2 && int.TryParse(args[2], out var r) ? r : 2;
            var seconds = args.Length > 3 && int.TryParse(args[3], out var t) ? t : 30;
            var pageEvery = args.Length > 4 && int.TryParse(args[4], out var e) ? e : 1;
            return await LoadBenchmark.RunAsync(people, responders, seconds, pageEvery);
        }

        if (args.Length > 0 && args[0] == "nodes")
        {
            int Arg(int index, int fallback) => args.Length > index && int.TryParse(args[index], out var v) ? v : fallback;
            return await NodesBenchmark.RunAsync(rounds: Arg(1, 3), seconds: Arg(2, 20), people: Arg(3, 32));
        }

        if (args.Length > 2 && args[0] == "package")
        {
            var rounds = args.Length > 3 && int.TryParse(args[3], out var r) ? r : 7;
            return await PackageBenchmark.RunAsync(args[1], args[2], rounds, args.Skip(4).ToList());
        }

        if (args.Length > 0 && args[0] == "crypto")
        {
            BenchmarkRunner.Run<CryptoBenchmarks>(args: args[1..]);
            return 0;
        }

        await Console.Error.WriteLineAsync("usage: Haven.Benchmarks crypto [BenchmarkDotNet options] | first-request [N] | inbox [N=100000] [requests=200] | record-list [acts=50000] [requests=200] | record-list-http [acts=50000] [requests=50] | figures-audit [rounds=7] | figures-prepare [acts=50000] [rounds=5] [requests=10] | files [sizeGiB=1] [bigGiB=4] | evidence-bundle [files=8] [fileMiB=512] [runs=3] | load [people=32] [responders=2] [seconds=30] [pageEvery=1] | nodes [rounds=3] [seconds=20] [people=32] (HAVEN_BENCH_POSTGRES) | package SELF-CONTAINED-DIR FRAMEWORK-DEPENDENT-DIR [rounds=7] [DEB...]");
        return 2;
    }
}
