using Haven.Figures.Disclosure;
using Haven.Figures.Tables;

namespace Haven.Core.Tests.Figures;

/// <summary>
/// An independent check of the disclosure audit, with no linear program: an exhaustive search over every integer
/// table consistent with what is published (each count's bounds: exact, band, or 0..cap when suppressed; the margins
/// as equalities for an additive dimension and as "each part &lt;= margin &lt;= sum of the parts" otherwise; counts at
/// the same keys with equal true values across versions equal), asking whether a count can take a given value.
/// </summary>
internal sealed class IntegerTables
{
    private readonly List<(int Low, int High)> _domains = [];
    private readonly List<(int[] Variables, int[] Coefficients, int Low, int High)> _constraints = [];
    private readonly List<Dictionary<CellRef, int>> _index = [];
    private readonly List<int>[] _constraintsOf;

    public IntegerTables(PublishedTable published, FigureTable truth, IReadOnlyList<EarlierRelease> earlier, int cap)
    {
        var tables = new List<(PublishedTable, FigureTable)> { (published, truth) };
        tables.AddRange(earlier.Select(e => (e.Published, e.Truth)));
        foreach (var (table, shape) in tables)
        {
            var index = new Dictionary<CellRef, int>();
            _index.Add(index);

            // Rows first, each row's cells then its total, so that the search closes constraints early.
            for (var r = 0; r < shape.RowKeys.Count; r++)
            {
                for (var c = 0; c < shape.ColumnKeys.Count; c++)
                {
                    index[new CellRef(r, c)] = Add(table[new CellRef(r, c)], cap);
                }

                index[CellRef.RowTotal(r)] = Add(table[CellRef.RowTotal(r)], cap);
            }

            for (var c = 0; c < shape.ColumnKeys.Count; c++)
            {
                index[CellRef.ColumnTotal(c)] = Add(table[CellRef.ColumnTotal(c)], cap);
            }

            index[CellRef.Total] = Add(table[CellRef.Total], cap);

            var rows = Enumerable.Range(0, shape.RowKeys.Count).ToList();
            var columns = Enumerable.Range(0, shape.ColumnKeys.Count).ToList();
            foreach (var r in rows)
            {
                Margin(index[CellRef.RowTotal(r)], columns.Select(c => index[new CellRef(r, c)]), shape.ColumnsAdditive);
            }

            foreach (var c in columns)
            {
                Margin(index[CellRef.ColumnTotal(c)], rows.Select(r => index[new CellRef(r, c)]), shape.RowsAdditive);
            }

            Margin(index[CellRef.Total], rows.Select(r => index[CellRef.RowTotal(r)]), shape.RowsAdditive);
            Margin(index[CellRef.Total], columns.Select(c => index[CellRef.ColumnTotal(c)]), shape.ColumnsAdditive);
        }

        for (var t = 1; t < tables.Count; t++)
        {
            for (var u = 0; u < t; u++)
            {
                var (_, a) = tables[t];
                var (_, b) = tables[u];
                foreach (var cell in a.AllCells())
                {
                    var row = cell.Row == CellRef.Margin ? CellRef.Margin : IndexOf(b.RowKeys, a.RowKeys[cell.Row]);
                    var column = cell.Column == CellRef.Margin ? CellRef.Margin : IndexOf(b.ColumnKeys, a.ColumnKeys[cell.Column]);
                    if (row >= CellRef.Margin && column >= CellRef.Margin && b[new CellRef(row, column)] == a[cell])
                    {
                        _constraints.Add(([_index[t][cell], _index[u][new CellRef(row, column)]], [1, -1], 0, 0));
                    }
                }
            }
        }

        _constraintsOf = Enumerable.Range(0, _domains.Count).Select(_ => new List<int>()).ToArray();
        for (var k = 0; k < _constraints.Count; k++)
        {
            foreach (var v in _constraints[k].Variables)
            {
                _constraintsOf[v].Add(k);
            }
        }
    }

    /// <summary>Whether some integer table consistent with everything published has <paramref name="value"/> at the count.</summary>
    public bool CanTake(int table, CellRef cell, int value)
    {
        var variable = _index[table][cell];
        var domains = _domains.ToArray();
        if (value < domains[variable].Low || value > domains[variable].High)
        {
            return false;
        }

        domains[variable] = (value, value);
        return Search(domains, 0);
    }

    private bool Search((int Low, int High)[] domains, int next)
    {
        if (next == domains.Length)
        {
            return true;
        }

        var (low, high) = domains[next];
        for (var v = low; v <= high; v++)
        {
            domains[next] = (v, v);
            if (_constraintsOf[next].TrueForAll(k => Possible(_constraints[k], domains)) && Search(domains, next + 1))
            {
                domains[next] = (low, high);
                return true;
            }
        }

        domains[next] = (low, high);
        return false;
    }

    private static bool Possible((int[] Variables, int[] Coefficients, int Low, int High) constraint, (int Low, int High)[] domains)
    {
        long min = 0, max = 0;
        for (var i = 0; i < constraint.Variables.Length; i++)
        {
            var (low, high) = domains[constraint.Variables[i]];
            var a = constraint.Coefficients[i];
            min += a > 0 ? (long)a * low : (long)a * high;
            max += a > 0 ? (long)a * high : (long)a * low;
        }

        return max >= constraint.Low && min <= constraint.High;
    }

    private int Add(PublishedCount count, int cap)
    {
        _domains.Add(count.Kind switch
        {
            PublishedCountKind.Exact => (count.Value!.Value, count.Value.Value),
            PublishedCountKind.Band => (count.Low!.Value, count.High!.Value),
            _ => (0, cap),
        });
        return _domains.Count - 1;
    }

    private void Margin(int margin, IEnumerable<int> parts, bool additive)
    {
        var list = parts.ToList();
        if (additive)
        {
            _constraints.Add(([margin, .. list], [1, .. list.Select(_ => -1)], 0, 0));
            return;
        }

        _constraints.Add(([margin, .. list], [1, .. list.Select(_ => -1)], int.MinValue, 0));
        foreach (var part in list)
        {
            _constraints.Add(([part, margin], [1, -1], int.MinValue, 0));
        }
    }

    private static int IndexOf(IReadOnlyList<string> keys, string key)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            if (string.Equals(keys[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return int.MinValue;
    }
}
