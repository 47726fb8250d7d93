using Haven.Figures.Definition;
using Haven.Figures.Disclosure;
using Haven.Figures.Tables;

namespace Haven.Core.Tests.Figures;

/// <summary>
/// Issue 17's independent check: on many small random tables (seeded), an exhaustive integer search
/// (<see cref="IntegerTables"/>, no linear program) confirms that every banded count of what
/// <see cref="DisclosureControl.Protect"/> publishes can take both ends of its band, and that the audit's verdict on
/// deliberately unsafe tables (primary banding only, or random suppressions) is the integer truth, count by count.
/// </summary>
public sealed class DisclosureBruteForceTests
{
    private static readonly FigureDefinition Definition = new() { Rows = new FigureDimension { Axis = FigureAxis.ActType }, Columns = new FigureDimension { Axis = FigureAxis.Region } };

    private static readonly (int Rows, int Columns)[] Shapes = [(2, 2), (2, 3), (3, 2), (3, 3)];

    private readonly DisclosureAuditor _auditor = new();

    public static TheoryData<bool, bool> Additivity => new() { { true, true }, { false, true }, { true, false }, { false, false } };

    [Theory]
    [MemberData(nameof(Additivity))]
    public void What_protect_publishes_lets_every_banded_count_take_both_ends_of_its_band(bool rowsAdditive, bool columnsAdditive)
    {
        var random = new Random(1700 + (rowsAdditive ? 1 : 0) + (columnsAdditive ? 2 : 0));
        var control = new DisclosureControl(_auditor);
        var banded = 0;
        for (var round = 0; round < 40; round++)
        {
            var (rows, columns) = Shapes[round % Shapes.Length];
            var threshold = round % 2 == 0 ? 3 : 5;
            var truth = RandomTable(random, rows, columns, rowsAdditive, columnsAdditive);
            var protection = control.Protect(truth, Definition, threshold, []);
            Assert.True(protection.Audit.Passed);

            var integers = new IntegerTables(protection.Published, truth, [], Cap(truth, threshold));
            foreach (var cell in truth.AllCells())
            {
                var count = protection.Published[cell];
                if (count.Kind == PublishedCountKind.Band)
                {
                    banded++;
                    Assert.True(integers.CanTake(0, cell, count.Low!.Value), $"round {round}: {cell} cannot be {count.Low}");
                    Assert.True(integers.CanTake(0, cell, count.High!.Value), $"round {round}: {cell} cannot be {count.High}");
                }
                else if (count.Kind == PublishedCountKind.Suppressed && truth[cell] >= 1 && truth[cell] <= threshold)
                {
                    // A small count suppressed rather than banded: two values a band's width apart.
                    var hidden = Assert.Single(protection.Audit.Hidden, h => h.Cell == cell);
                    var low = (int)Math.Round(hidden.Min);
                    Assert.True(integers.CanTake(0, cell, low) && integers.CanTake(0, cell, low + threshold - 1), $"round {round}: {cell} is narrower than a band");
                }
                else
                {
                    Assert.Equal(truth[cell] == 0 || truth[cell] > threshold, count.Kind != PublishedCountKind.Band);
                }
            }
        }

        Assert.True(banded > 30, $"only {banded} banded counts were checked");
    }

    [Theory]
    [MemberData(nameof(Additivity))]
    public void The_audits_verdict_on_unsafe_tables_is_the_integer_truth(bool rowsAdditive, bool columnsAdditive)
    {
        var random = new Random(4200 + (rowsAdditive ? 1 : 0) + (columnsAdditive ? 2 : 0));
        var narrowed = 0;
        var covered = 0;
        for (var round = 0; round < 40; round++)
        {
            var (rows, columns) = Shapes[round % Shapes.Length];
            var threshold = round % 2 == 0 ? 3 : 5;
            var truth = RandomTable(random, rows, columns, rowsAdditive, columnsAdditive);

            // Primary banding only, or with a random few of the exact counts suppressed.
            var suppress = (round % 3) * 0.35;
            var published = TestTables.Publish(truth, threshold, (_, v) =>
                v >= 1 && v <= threshold ? PublishedCount.Band(1, threshold)
                : random.NextDouble() < suppress ? PublishedCount.Suppressed
                : PublishedCount.Exact(v));
            var audit = _auditor.Audit(published, truth, []);
            var integers = new IntegerTables(published, truth, [], Cap(truth, threshold));
            foreach (var count in audit.Counts)
            {
                var both = integers.CanTake(0, count.Cell, count.Low) && integers.CanTake(0, count.Cell, count.High);
                Assert.True(both == count.Covered, $"round {round}: {count.Cell} covered by the audit {count.Covered}, by the integers {both}");
                narrowed += count.Covered ? 0 : 1;
                covered += count.Covered ? 1 : 0;
            }

            Assert.Equal(audit.Counts.All(c => c.Covered), audit.Passed);
        }

        Assert.True(narrowed > 10 && covered > 10, $"narrowed {narrowed}, covered {covered}: the tables do not exercise both verdicts");
    }

    /// <summary>Above any value a check needs: the largest true count plus two bands.</summary>
    private static int Cap(FigureTable truth, int threshold) => truth.AllCells().Max(c => truth[c]) + (2 * threshold);

    /// <summary>
    /// A random true table with counts 0..12 (many small), and margins that fit its additivity: the sum of the parts
    /// for an additive dimension; between the largest part and their sum otherwise.
    /// </summary>
    internal static FigureTable RandomTable(Random random, int rows, int columns, bool rowsAdditive, bool columnsAdditive)
    {
        var cells = new int[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                cells[r, c] = random.Next(0, 4) == 0 ? 0 : random.Next(1, 13);
            }
        }

        int Between(int low, int high) => random.Next(low, high + 1);
        var rowTotals = Enumerable.Range(0, rows).Select(r =>
        {
            var parts = Enumerable.Range(0, columns).Select(c => cells[r, c]).ToList();
            return columnsAdditive ? parts.Sum() : Between(parts.Max(), parts.Sum());
        }).ToArray();
        var columnTotals = Enumerable.Range(0, columns).Select(c =>
        {
            var parts = Enumerable.Range(0, rows).Select(r => cells[r, c]).ToList();
            return rowsAdditive ? parts.Sum() : Between(parts.Max(), parts.Sum());
        }).ToArray();
        var total = rowsAdditive ? rowTotals.Sum()
            : columnsAdditive ? columnTotals.Sum()
            : Between(Math.Max(rowTotals.Max(), columnTotals.Max()), Math.Min(rowTotals.Sum(), columnTotals.Sum()));
        return new FigureTable(TestTables.Keys("r", rows), TestTables.Keys("c", columns), cells, rowTotals, columnTotals, total, rowsAdditive, columnsAdditive);
    }
}
