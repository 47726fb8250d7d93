using Haven.Figures.Tables;

namespace Haven.Figures.Disclosure;

/// <summary>
/// The proof that a release discloses no protected count (issue 17, point 2): for every banded count of the release
/// and of every earlier version of the figure, the smallest and largest value consistent with everything published
/// (a linear program, see <see cref="AuditModel"/>); the audit passes only when each of them covers its whole band.
/// </summary>
internal sealed class DisclosureAuditor
{
    /// <summary>Audits <paramref name="published"/> (with its true table) together with the earlier versions.</summary>
    /// <exception cref="ArgumentException">A published table does not have its true table's shape or counts.</exception>
    public DisclosureAuditResult Audit(PublishedTable published, FigureTable truth, IReadOnlyList<EarlierRelease> earlier)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(earlier);
        CheckFits(published, truth);
        foreach (var release in earlier)
        {
            CheckFits(release.Published, release.Truth);
        }

        using var model = new AuditModel(published, truth, earlier);
        var counts = new List<AuditedCount>();
        var hidden = new List<AuditedCount>();
        for (var t = 0; t < model.Tables; t++)
        {
            var table = t == 0 ? published : earlier[t - 1].Published;
            var shape = t == 0 ? truth : earlier[t - 1].Truth;
            var version = t == 0 ? 0 : VersionOf(earlier, t - 1);
            foreach (var cell in shape.AllCells())
            {
                var count = table[cell];
                if (count.Kind == PublishedCountKind.Band)
                {
                    var (min, max) = model.Range(t, cell);
                    counts.Add(new AuditedCount(cell, version, count.Low!.Value, count.High!.Value, Math.Round(min, 6), Math.Round(max, 6)));
                }
                else if (count.Kind == PublishedCountKind.Suppressed && shape[cell] is var value && value >= 1 && value <= table.Threshold)
                {
                    var (min, max) = model.Range(t, cell);
                    hidden.Add(new AuditedCount(cell, version, 1, table.Threshold, Math.Round(min, 6), Math.Round(max, 6)));
                }
            }
        }

        return new DisclosureAuditResult(counts.TrueForAll(c => c.Covered) && hidden.TrueForAll(c => c.Wide), published.Threshold, counts) { Hidden = hidden };
    }

    /// <summary>The number of the earlier version at <paramref name="index"/> (its position plus one when not set).</summary>
    public static int VersionOf(IReadOnlyList<EarlierRelease> earlier, int index)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return earlier[index].Version > 0 ? earlier[index].Version : index + 1;
    }

    /// <summary>Checks that a published table has its true table's shape and that each published count holds its true count.</summary>
    private static void CheckFits(PublishedTable published, FigureTable truth)
    {
        if (published.Rows.Count != truth.RowKeys.Count || published.Columns.Count != truth.ColumnKeys.Count
            || published.Cells.Count != truth.RowKeys.Count || published.Cells.Any(row => row.Count != truth.ColumnKeys.Count)
            || published.RowTotals.Count != truth.RowKeys.Count || published.ColumnTotals.Count != truth.ColumnKeys.Count
            || published.RowsAdditive != truth.RowsAdditive || published.ColumnsAdditive != truth.ColumnsAdditive)
        {
            throw new ArgumentException("A published table does not have the shape of its true table.", nameof(published));
        }

        foreach (var cell in truth.AllCells())
        {
            var count = published[cell];
            var value = truth[cell];
            var fits = count.Kind switch
            {
                PublishedCountKind.Exact => count.Value == value,
                PublishedCountKind.Band => count.Low <= value && value <= count.High,
                _ => true,
            };
            if (!fits)
            {
                throw new ArgumentException("A published count does not hold its true count.", nameof(published));
            }
        }
    }
}
