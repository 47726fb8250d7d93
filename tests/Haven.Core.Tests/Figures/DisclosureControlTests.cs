using Haven.Figures.Definition;
using Haven.Figures.Disclosure;
using Haven.Figures.Tables;

namespace Haven.Core.Tests.Figures;

/// <summary>Primary banding, secondary suppression and the audit of issue 17, point 2, on small known tables.</summary>
public sealed class DisclosureControlTests
{
    private static readonly FigureDefinition ByActType = new() { Rows = new FigureDimension { Axis = FigureAxis.ActType } };

    private readonly DisclosureAuditor _auditor = new();

    private DisclosureControl Control => new(_auditor);

    [Fact]
    public void Counts_from_one_to_the_threshold_are_banded_in_cells_and_margins_and_zeros_are_exact()
    {
        var truth = TestTables.Additive(new[,] { { 0, 2, 30 }, { 0, 40, 50 } });
        var protection = Control.Protect(truth, ByActType, 10, []);

        var published = protection.Published;
        Assert.Equal(PublishedCount.Exact(0), published[new CellRef(0, 0)]);
        Assert.Equal(PublishedCount.Exact(0), published[new CellRef(1, 0)]);
        Assert.Equal(PublishedCount.Exact(0), published[CellRef.ColumnTotal(0)]);
        Assert.Equal(PublishedCount.Band(1, 10), published[new CellRef(0, 1)]);
        Assert.Equal(ProtectionReason.Primary, protection.Reasons[new CellRef(0, 1)]);
        Assert.Equal(ProtectionReason.None, protection.Reasons[new CellRef(0, 0)]);
        Assert.True(protection.Audit.Passed);
        Assert.Equal(10, published.Threshold);

        // A margin from 1 to the threshold is banded too.
        var margin = Control.Protect(TestTables.Additive(new[,] { { 0, 4, 0 }, { 0, 30, 25 } }), ByActType, 10, []);
        Assert.Equal(PublishedCount.Band(1, 10), margin.Published[CellRef.RowTotal(0)]);
        Assert.Equal(ProtectionReason.Primary, margin.Reasons[CellRef.RowTotal(0)]);
        Assert.Equal(PublishedCount.Exact(0), margin.Published[CellRef.ColumnTotal(0)]);
        Assert.True(margin.Audit.Passed);
    }

    [Fact]
    public void A_small_margin_over_several_banded_parts_is_suppressed_and_still_at_least_as_wide_as_a_band()
    {
        // 1 + 2 = 3: the total's band 1–5 cannot hold with two parts of at least 1 each, nor can a part reach 5.
        var truth = TestTables.OneDimensional(0, 1, 2);
        Assert.False(_auditor.Audit(TestTables.PrimaryOnly(truth, 5), truth, []).Passed);

        var small = Control.Protect(truth, ByActType, 5, []);
        Assert.True(small.Audit.Passed);
        Assert.Equal(PublishedCount.Suppressed, small.Published.Total);
        Assert.Equal(ProtectionReason.Primary, small.Reasons[CellRef.Total]);
        Assert.Equal(PublishedCount.Exact(0), small.Published[new CellRef(0, 0)]);
        Assert.Equal(PublishedCount.Band(1, 5), small.Published[new CellRef(1, 0)]);
        var total = Assert.Single(small.Audit.Hidden, c => c.Cell == CellRef.Total);
        Assert.True(total.Wide);
        Assert.DoesNotContain(small.Audit.Counts, c => c.Cell == CellRef.Total);
    }

    [Fact]
    public void A_threshold_below_three_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Control.Protect(TestTables.OneDimensional(1, 20), ByActType, 2, []));
        var protection = Control.Protect(TestTables.OneDimensional(1, 2, 3, 4, 20), ByActType, 3, []);
        Assert.Equal(PublishedCount.Band(1, 3), protection.Published[new CellRef(2, 0)]);
        Assert.Equal(PublishedCount.Exact(4), protection.Published[new CellRef(3, 0)]);
    }

    [Fact]
    public void A_banded_cell_derivable_by_subtraction_fails_the_audit_and_is_protected()
    {
        // One row: 3 + 20 + 25 = 48 with the total exact gives the 3 away.
        var truth = TestTables.OneDimensional(3, 20, 25);
        var unsafeAudit = _auditor.Audit(TestTables.PrimaryOnly(truth, 10), truth, []);
        Assert.False(unsafeAudit.Passed);
        var narrowed = Assert.Single(unsafeAudit.Counts, c => c.Cell == new CellRef(0, 0));
        Assert.Equal(3, narrowed.Min, 6);
        Assert.Equal(3, narrowed.Max, 6);

        var protection = Control.Protect(truth, ByActType, 10, []);
        Assert.True(protection.Audit.Passed);
        Assert.All(protection.Audit.Counts, c => Assert.True(c.Covered));
        Assert.Contains(protection.Reasons, r => r.Value == ProtectionReason.Secondary);
    }

    [Fact]
    public void A_two_by_two_table_with_all_its_margins_is_protected()
    {
        var truth = TestTables.Additive(new[,] { { 4, 30 }, { 25, 40 } });
        Assert.False(_auditor.Audit(TestTables.PrimaryOnly(truth, 10), truth, []).Passed);

        var protection = Control.Protect(truth, ByActType, 10, []);
        Assert.True(protection.Audit.Passed);
        Assert.Equal(PublishedCount.Band(1, 10), protection.Published[new CellRef(0, 0)]);
    }

    [Fact]
    public void A_single_small_cell_costs_a_rectangle_of_cell_suppressions_not_the_table()
    {
        var truth = TestTables.Additive(new[,] { { 4, 20, 30 }, { 25, 40, 35 }, { 22, 33, 50 } });
        var protection = Control.Protect(truth, ByActType, 10, []);

        Assert.True(protection.Audit.Passed);
        var hidden = protection.Reasons.Where(r => r.Value == ProtectionReason.Secondary).Select(r => r.Key).ToList();
        Assert.Equal(3, hidden.Count);
        Assert.DoesNotContain(hidden, c => c.IsMargin);

        // The rectangle through the small cell with the smallest counts that close it: 20, 22 and 33.
        Assert.Equal([new CellRef(0, 1), new CellRef(2, 0), new CellRef(2, 1)], hidden.OrderBy(c => c.Row).ThenBy(c => c.Column));
    }

    [Fact]
    public void A_non_additive_dimension_gives_inequalities_that_can_still_narrow_a_band()
    {
        // Victims by act type: a victim may suffer both, so the total (50 distinct victims) is at most the sum. With
        // 40 for detention, the total says torture >= 50 - 40 = 10: the band 1–10 is narrowed to 10.
        var cells = new[,] { { 10 }, { 40 } };
        var truth = new FigureTable(["torture", "detention"], [FigureTable.AllKey], cells, [10, 40], [50], 50, rowsAdditive: false, columnsAdditive: true);
        var audit = _auditor.Audit(TestTables.PrimaryOnly(truth, 10), truth, []);
        Assert.False(audit.Passed);
        Assert.Equal(10, Assert.Single(audit.Counts, c => c.Cell == new CellRef(0, 0)).Min, 6);

        // When 9 victims suffered both (41 distinct), the total only says torture >= 1: read as a sum it would say 1.
        var overlapping = new FigureTable(["torture", "detention"], [FigureTable.AllKey], cells, [10, 40], [41], 41, rowsAdditive: false, columnsAdditive: true);
        Assert.True(_auditor.Audit(TestTables.PrimaryOnly(overlapping, 10), overlapping, []).Passed);

        var protection = Control.Protect(truth, ByActType, 10, []);
        Assert.True(protection.Audit.Passed);
        Assert.False(protection.Published.RowsAdditive);
        var integers = new IntegerTables(protection.Published, truth, [], 100);
        Assert.True(integers.CanTake(0, new CellRef(0, 0), 1) && integers.CanTake(0, new CellRef(0, 0), 10));
    }

    [Fact]
    public void An_earlier_version_with_another_suppression_pattern_is_taken_into_account()
    {
        // Version 1: 3 + ? + ? + 30 = 78. Version 2 changes only the last row (31): 3 + 20 + 25 + ? = ?. Each alone
        // hides the 3; together (20 and 25 did not change) 78 - 30 - 20 - 25 = 3.
        var v1Truth = TestTables.OneDimensional(3, 20, 25, 30);
        var v1 = new EarlierRelease(TestTables.Publish(v1Truth, 10, (c, v) =>
            v <= 10 ? PublishedCount.Band(1, 10)
            : c.Row is 1 or 2 ? PublishedCount.Suppressed
            : PublishedCount.Exact(v)), v1Truth);
        Assert.True(_auditor.Audit(v1.Published, v1Truth, []).Passed);

        var v2Truth = TestTables.OneDimensional(3, 20, 25, 31);
        var v2Alone = TestTables.Publish(v2Truth, 10, (c, v) =>
            v <= 10 ? PublishedCount.Band(1, 10)
            : c.Row is 3 || c.Row == CellRef.Margin ? PublishedCount.Suppressed
            : PublishedCount.Exact(v));
        Assert.True(_auditor.Audit(v2Alone, v2Truth, []).Passed);

        // Ignoring version 1 is unsafe: the audit with it narrows the 3 in both versions.
        var combined = _auditor.Audit(v2Alone, v2Truth, [v1]);
        Assert.False(combined.Passed);
        Assert.Contains(combined.Counts, c => c.Version == 1 && c.Cell == new CellRef(0, 0) && !c.Covered);
        Assert.Contains(combined.Counts, c => c.Version == 0 && c.Cell == new CellRef(0, 0) && !c.Covered);

        // Protect with version 1 publishes a version 2 that keeps both bands whole, by the integers too.
        var protection = Control.Protect(v2Truth, ByActType, 10, [v1]);
        Assert.True(protection.Audit.Passed);
        Assert.Contains(protection.Audit.Counts, c => c.Version == 1);
        var integers = new IntegerTables(protection.Published, v2Truth, [v1], 120);
        foreach (var table in new[] { 0, 1 })
        {
            Assert.True(integers.CanTake(table, new CellRef(0, 0), 1) && integers.CanTake(table, new CellRef(0, 0), 10));
        }
    }

    [Fact]
    public void An_earlier_version_keeps_its_own_number_in_the_audit()
    {
        var v1Truth = TestTables.OneDimensional(3, 20, 25);
        var v1 = new EarlierRelease(Control.Protect(v1Truth, ByActType, 10, []).Published, v1Truth) { Version = 4 };
        var protection = Control.Protect(TestTables.OneDimensional(3, 21, 25), ByActType, 10, [v1]);
        Assert.True(protection.Audit.Passed);
        Assert.Contains(protection.Audit.Counts, c => c.Version == 4);
        Assert.DoesNotContain(protection.Audit.Counts, c => c.Version == 1);
    }

    [Fact]
    public void Periods_and_regions_that_are_mostly_banded_are_offered_at_a_coarser_level()
    {
        var byMonthAndRegion = new FigureDefinition
        {
            Rows = new FigureDimension { Axis = FigureAxis.Period, Period = PeriodLevel.Month },
            Columns = new FigureDimension { Axis = FigureAxis.Region, Region = RegionLevel.Region },
        };
        var sparse = TestTables.Additive(new[,] { { 1, 0, 3 }, { 2, 40, 0 }, { 5, 4, 30 } });
        var hints = Control.Protect(sparse, byMonthAndRegion, 10, []).Hints;
        Assert.Equal(2, hints.Count);
        Assert.Contains(hints, h => h.Rows && h.Coarser.Axis == FigureAxis.Period && h.Coarser.Period == PeriodLevel.Quarter && h.ProtectedPercent == 71);
        Assert.Contains(hints, h => !h.Rows && h.Coarser.Axis == FigureAxis.Region && h.Coarser.Region == RegionLevel.Country);

        var byQuarterAndActType = new FigureDefinition { Rows = new FigureDimension { Axis = FigureAxis.Period, Period = PeriodLevel.Quarter }, Columns = new FigureDimension { Axis = FigureAxis.ActType } };
        Assert.Equal(PeriodLevel.Year, Assert.Single(Control.Protect(sparse, byQuarterAndActType, 10, []).Hints).Coarser.Period);

        // Nothing coarser than a year or a country; nothing to offer when half or fewer are banded.
        var byYearAndCountry = new FigureDefinition { Rows = new FigureDimension { Axis = FigureAxis.Period, Period = PeriodLevel.Year }, Columns = new FigureDimension { Axis = FigureAxis.Region } };
        Assert.Empty(Control.Protect(sparse, byYearAndCountry, 10, []).Hints);
        var dense = TestTables.Additive(new[,] { { 1, 20, 30 }, { 25, 40, 35 } });
        Assert.Empty(Control.Protect(dense, byMonthAndRegion, 10, []).Hints);
    }

    [Fact]
    public void The_audit_round_trips_as_json_without_its_desk_only_part()
    {
        var protection = Control.Protect(TestTables.OneDimensional(0, 1, 2, 0), ByActType, 5, []);
        Assert.NotEmpty(protection.Audit.Hidden);
        var json = Haven.Figures.FiguresJson.ToJson(protection.Audit);
        Assert.Contains("\"covered\":true", json, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden", json, StringComparison.OrdinalIgnoreCase);

        var read = Haven.Figures.FiguresJson.FromJson<DisclosureAuditResult>(json);
        Assert.NotNull(read);
        Assert.True(read.Passed);
        Assert.Equal(5, read.Threshold);
        Assert.Equal(protection.Audit.Counts, read.Counts);
        Assert.Empty(read.Hidden);
    }
}
