using Haven.Figures.Tables;

namespace Haven.Figures.Disclosure;

/// <summary>
/// Secondary suppression for one release: goes through every protected count (this release's banded margins, then
/// its banded cells, then the earlier versions' banded counts, then any small count it had to suppress) and, while
/// the linear program of <see cref="AuditModel"/> narrows it, suppresses the cheapest set of this release's counts
/// that lets it reach the missing end of its band: a second program in which those counts may leave their published
/// value at a cost per unit (small exact cells are cheap; margins, zeros and banded counts dear). Suppressing only
/// widens what a reader can deduce, so a count once covered stays covered and one pass suffices.
/// </summary>
internal sealed class SecondarySuppression(FigureTable truth, int threshold, IReadOnlyList<EarlierRelease> earlier, Dictionary<CellRef, PublishedCount> counts, Dictionary<CellRef, ProtectionReason> reasons)
{
    private const int MaxAttempts = 6;

    /// <summary>Suppresses until every protected count is covered (banded) or as wide as a band (suppressed).</summary>
    public void Run()
    {
        using var ranges = new AuditModel(DisclosureControl.Build(truth, counts, threshold), truth, earlier);
        var work = new Queue<(int Table, CellRef Cell)>();
        foreach (var cell in truth.AllCells().Where(c => c.IsMargin).Reverse().Concat(truth.AllCells().Where(c => !c.IsMargin)))
        {
            if (counts[cell].Kind == PublishedCountKind.Band)
            {
                work.Enqueue((0, cell));
            }
        }

        for (var e = 0; e < earlier.Count; e++)
        {
            foreach (var cell in earlier[e].Truth.AllCells().Where(c => earlier[e].Published[c].Kind == PublishedCountKind.Band))
            {
                work.Enqueue((e + 1, cell));
            }
        }

        while (work.TryDequeue(out var item))
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var (min, max) = ranges.Range(item.Table, item.Cell);
                if (Target(item, min, max) is not { } target)
                {
                    break;
                }

                // A small margin held above the low end of its band by its banded parts is suppressed itself (and must
                // then stay as wide as a band): hiding one of its parts would hide more.
                var complement = item.Table == 0 && counts[item.Cell].Kind == PublishedCountKind.Band && target <= counts[item.Cell].Low && HeldAbove(item.Cell)
                    ? [item.Cell]
                    : Complement(item, target);
                if (complement.Count == 0)
                {
                    complement = Fallback(item);
                }

                if (complement.Count == 0)
                {
                    break;
                }

                foreach (var cell in complement.SelectMany(Twins))
                {
                    if (counts[cell].Kind == PublishedCountKind.Suppressed)
                    {
                        continue;
                    }

                    var wasBanded = counts[cell].Kind == PublishedCountKind.Band;
                    Suppress(cell);
                    ranges.Publish(cell, PublishedCount.Suppressed);
                    if (wasBanded)
                    {
                        work.Enqueue((0, cell));
                    }
                }
            }
        }
    }

    /// <summary>The last resort: every count of this release suppressed (a suppressed small count keeps its reason).</summary>
    public void SuppressEverything()
    {
        foreach (var cell in truth.AllCells().Where(c => counts[c].Kind != PublishedCountKind.Suppressed))
        {
            Suppress(cell);
        }
    }

    /// <summary>
    /// A count and the counts that are the same count in another place: with a single column a row's total is its
    /// cell and the column's total the grand total (likewise with a single row). They are suppressed together.
    /// </summary>
    private IEnumerable<CellRef> Twins(CellRef cell)
    {
        yield return cell;
        if (truth.ColumnKeys.Count == 1 && cell.Column != CellRef.Margin)
        {
            yield return new CellRef(cell.Row, CellRef.Margin);
        }
        else if (truth.ColumnKeys.Count == 1)
        {
            yield return new CellRef(cell.Row, 0);
        }

        if (truth.RowKeys.Count == 1 && cell.Row != CellRef.Margin)
        {
            yield return new CellRef(CellRef.Margin, cell.Column);
        }
        else if (truth.RowKeys.Count == 1)
        {
            yield return new CellRef(0, cell.Column);
        }
    }

    /// <summary>Whether the published lower ends of an additive margin's parts add up to more than its band's lower end.</summary>
    private bool HeldAbove(CellRef cell)
    {
        var rows = Enumerable.Range(0, truth.RowKeys.Count);
        var columns = Enumerable.Range(0, truth.ColumnKeys.Count);
        IEnumerable<IEnumerable<CellRef>> parts = (cell.Row, cell.Column) switch
        {
            (CellRef.Margin, CellRef.Margin) => [truth.RowsAdditive ? rows.Select(CellRef.RowTotal) : [], truth.ColumnsAdditive ? columns.Select(CellRef.ColumnTotal) : []],
            (CellRef.Margin, var c) => [truth.RowsAdditive ? rows.Select(r => new CellRef(r, c)) : []],
            (var r, CellRef.Margin) => [truth.ColumnsAdditive ? columns.Select(c => new CellRef(r, c)) : []],
            _ => [],
        };
        return parts.Any(p => p.Sum(part => AuditModel.Bounds(counts[part]).Low) > counts[cell].Low!.Value);
    }

    /// <summary>The value a protected count must be able to take and cannot yet, or null when it is protected.</summary>
    private double? Target((int Table, CellRef Cell) item, double min, double max)
    {
        var published = item.Table == 0 ? counts[item.Cell] : earlier[item.Table - 1].Published[item.Cell];
        if (published.Kind == PublishedCountKind.Band)
        {
            return min > published.Low!.Value + AuditedCount.Tolerance ? published.Low.Value
                : max < published.High!.Value - AuditedCount.Tolerance ? published.High.Value
                : null;
        }

        // A small count this release suppresses: its range must be at least as wide as a band.
        var width = threshold - 1;
        return max - min >= width - AuditedCount.Tolerance ? null
            : max - width >= 0 ? Math.Floor(max - width)
            : Math.Ceiling(min + width);
    }

    /// <summary>The cheapest counts of this release to suppress so that the item can take <paramref name="target"/>.</summary>
    private IReadOnlyList<CellRef> Complement((int Table, CellRef Cell) item, double target)
    {
        var weights = new Dictionary<CellRef, double>();
        foreach (var cell in truth.AllCells())
        {
            if (item.Table == 0 && cell == item.Cell)
            {
                continue;
            }

            if (Weight(cell) is { } weight)
            {
                weights[cell] = weight;
            }
        }

        using var model = new AuditModel(DisclosureControl.Build(truth, counts, threshold), truth, earlier, weights);
        return model.Deviations(item.Table, item.Cell, target) ?? [];
    }

    /// <summary>
    /// What it costs, per unit a reader could no longer rule out, to suppress a count: a small exact cell least, a
    /// large one more, a margin three times, the grand total ten times, a zero or a banded count (which then has to
    /// stay as wide as a band) much more. Null for a count already suppressed.
    /// </summary>
    private double? Weight(CellRef cell)
    {
        var published = counts[cell];
        var scale = cell == CellRef.Total ? 10.0 : cell.IsMargin ? 3.0 : 1.0;
        return published.Kind switch
        {
            PublishedCountKind.Suppressed => null,
            PublishedCountKind.Band => 100.0,
            _ when published.Value == 0 => 25.0 * scale,
            _ => scale * (1 + Math.Log(1 + published.Value!.Value)),
        };
    }

    /// <summary>
    /// When the program finds nothing (never expected): the exact counts sharing a row or a column with the item, then
    /// every exact count, then the banded margins, then everything.
    /// </summary>
    private List<CellRef> Fallback((int Table, CellRef Cell) item)
    {
        var at = item.Table == 0 ? item.Cell : Position(earlier[item.Table - 1].Truth, item.Cell);
        List<Func<CellRef, bool>> steps =
        [
            c => at is { } p && (c.Row == p.Row || c.Column == p.Column) && counts[c].Kind == PublishedCountKind.Exact && truth[c] > 0,
            c => counts[c].Kind == PublishedCountKind.Exact && truth[c] > 0,
            c => c.IsMargin && counts[c].Kind == PublishedCountKind.Band,
            c => counts[c].Kind != PublishedCountKind.Suppressed && c != item.Cell,
        ];
        foreach (var step in steps)
        {
            var cells = truth.AllCells().Where(step).ToList();
            if (cells.Count > 0)
            {
                return cells;
            }
        }

        return [];
    }

    /// <summary>The position in this release of an earlier version's count (same row key and column key), if it has one.</summary>
    private CellRef? Position(FigureTable old, CellRef cell)
    {
        var row = cell.Row == CellRef.Margin ? CellRef.Margin : IndexOf(truth.RowKeys, old.RowKeys[cell.Row]);
        var column = cell.Column == CellRef.Margin ? CellRef.Margin : IndexOf(truth.ColumnKeys, old.ColumnKeys[cell.Column]);
        return row is null || column is null ? null : new CellRef(row.Value, column.Value);
    }

    private static int? IndexOf(IReadOnlyList<string> keys, string key)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            if (string.Equals(keys[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>Suppresses a count: an exact one for secondary protection; a banded one keeps its primary reason.</summary>
    private void Suppress(CellRef cell)
    {
        if (counts[cell].Kind == PublishedCountKind.Exact)
        {
            reasons[cell] = ProtectionReason.Secondary;
        }

        counts[cell] = PublishedCount.Suppressed;
    }
}
