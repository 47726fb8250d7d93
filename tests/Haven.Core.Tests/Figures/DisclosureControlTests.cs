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
}
