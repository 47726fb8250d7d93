using System.Diagnostics;
using System.Globalization;
using Haven.Figures.Definition;
using Haven.Figures.Disclosure;
using Haven.Figures.Tables;

namespace Haven.Benchmarks;

/// <summary>
/// Disclosure control of a 20 × 12 figure (issue 17), in this process: a seeded table with many small cells (a third
/// zeros, a third from 1 to 10, the rest up to 200), protected (primary banding, secondary suppression, the final
/// audit) and audited again on its own, several rounds each; once with additive margins (acts by month and region)
/// and once with a non-additive dimension (victims by month and act type). Prints min/median/max per step.
/// </summary>
internal static class FiguresAuditBenchmark
{
    public static Task<int> RunAsync(int rounds)
    {
        var definition = new FigureDefinition
        {
            Unit = FigureUnit.Acts,
            Rows = new FigureDimension { Axis = FigureAxis.Period, Period = PeriodLevel.Month },
            Columns = new FigureDimension { Axis = FigureAxis.Region, Region = RegionLevel.Region },
        };
        var control = new DisclosureControl(new DisclosureAuditor());
        var auditor = new DisclosureAuditor();
        Console.WriteLine($"20 × 12 table, threshold 10, {rounds} rounds, {Environment.ProcessorCount} cores");
        Console.WriteLine("| table | banded | suppressed (secondary) | protect min / median / max ms | audit min / median / max ms |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, columnsAdditive) in new[] { ("acts by month and region (additive)", true), ("victims by month and act type (non-additive columns)", false) })
        {
            var truth = Table(new Random(17), 20, 12, columnsAdditive);
            control.Protect(truth, definition, 10, []); // warm-up: GLOP's native library
            var protect = new List<double>();
            var audit = new List<double>();
            Protection? protection = null;
            for (var round = 0; round < rounds; round++)
            {
                var watch = Stopwatch.StartNew();
                protection = control.Protect(truth, definition, 10, []);
                protect.Add(watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                auditor.Audit(protection.Published, truth, []);
                audit.Add(watch.Elapsed.TotalMilliseconds);
            }

            if (protection is null || !protection.Audit.Passed)
            {
                Console.Error.WriteLine("the protection failed its audit");
                return Task.FromResult(1);
            }

            var banded = protection.Audit.Counts.Count;
            var secondary = protection.Reasons.Count(r => r.Value == ProtectionReason.Secondary);
            var suppressed = truth.AllCells().Count(c => protection.Published[c].Kind == PublishedCountKind.Suppressed);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {banded} | {suppressed} ({secondary}) | {Summary(protect)} | {Summary(audit)} |"));
        }

        return Task.FromResult(0);
    }

    private static string Summary(List<double> times)
    {
        times.Sort();
        return string.Create(CultureInfo.InvariantCulture, $"{times[0]:F0} / {times[times.Count / 2]:F0} / {times[^1]:F0}");
    }

    private static FigureTable Table(Random random, int rows, int columns, bool columnsAdditive)
    {
        var cells = new int[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                cells[r, c] = random.Next(3) switch
                {
                    0 => 0,
                    1 => random.Next(1, 11),
                    _ => random.Next(11, 201),
                };
            }
        }

        var rowTotals = Enumerable.Range(0, rows).Select(r =>
        {
            var parts = Enumerable.Range(0, columns).Select(c => cells[r, c]).ToList();
            return columnsAdditive ? parts.Sum() : random.Next(Math.Max(parts.Max(), parts.Sum() * 3 / 4), parts.Sum() + 1);
        }).ToArray();
        var columnTotals = Enumerable.Range(0, columns).Select(c => Enumerable.Range(0, rows).Sum(r => cells[r, c])).ToArray();
        var total = rowTotals.Sum();
        var rowKeys = Enumerable.Range(0, rows).Select(r => new DateOnly(2016, 1, 1).AddMonths(r).ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToList();
        var columnKeys = Enumerable.Range(0, columns).Select(c => "RU-" + c.ToString("D2", CultureInfo.InvariantCulture)).ToList();
        return new FigureTable(rowKeys, columnKeys, cells, rowTotals, columnTotals, total, rowsAdditive: true, columnsAdditive: columnsAdditive);
    }
}
