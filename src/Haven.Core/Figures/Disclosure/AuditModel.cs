using Google.OrTools.LinearSolver;
using Haven.Figures.Tables;

namespace Haven.Figures.Disclosure;

/// <summary>
/// The linear program of the disclosure audit (GLOP): one variable per cell and margin of the release being audited
/// (table 0) and of each earlier version (table i for <c>earlier[i - 1]</c>), bounded by what is published (an exact
/// value: [v, v]; a band: [low, high]; nothing: [0, +inf)), tied by the table's margins (an additive dimension: the
/// margin is the sum of its cells; a non-additive one: each cell &lt;= the margin &lt;= the sum of the cells; the same
/// for the grand total over the row totals and over the column totals), and linked across versions where a count
/// at the same (row key, column key) has the same true value (a reader may know which counts did not change).
/// </summary>
/// <remarks>
/// With <c>deviationWeights</c>, the release's published counts named there (exact or banded) are free (at least 0)
/// but pay their weight per unit of distance from their published value or band: <see cref="Deviations"/> then finds
/// the cheapest set of counts to suppress so that a protected count can take a given value.
/// </remarks>
internal sealed class AuditModel : IDisposable
{
    private readonly Solver _solver;
    private readonly List<Dictionary<CellRef, Variable>> _variables = [];
    private readonly Dictionary<CellRef, (Variable Up, Variable Down)> _deviations = [];

    public AuditModel(PublishedTable published, FigureTable truth, IReadOnlyList<EarlierRelease> earlier, IReadOnlyDictionary<CellRef, double>? deviationWeights = null)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(earlier);
        _solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("The GLOP linear solver is not available.");
        var tables = new List<(PublishedTable Published, FigureTable Truth)> { (published, truth) };
        tables.AddRange(earlier.Select(e => (e.Published, e.Truth)));
        for (var t = 0; t < tables.Count; t++)
        {
            var variables = new Dictionary<CellRef, Variable>();
            foreach (var cell in tables[t].Truth.AllCells())
            {
                var (low, high) = Bounds(tables[t].Published[cell]);
                variables[cell] = _solver.MakeNumVar(low, high, "");
            }

            _variables.Add(variables);
            AddMargins(tables[t].Truth, variables);
        }

        AddLinks(tables.Select(t => t.Truth).ToList());

        if (deviationWeights is not null)
        {
            var objective = _solver.Objective();
            foreach (var (cell, weight) in deviationWeights)
            {
                var count = published[cell];
                if (count.Kind == PublishedCountKind.Suppressed)
                {
                    continue;
                }

                // Free, but paying for every unit above the published value (or band) and below it.
                var (low, high) = Bounds(count);
                var variable = _variables[0][cell];
                variable.SetBounds(0, Unbounded);
                var up = _solver.MakeNumVar(0, Unbounded, "");
                var down = _solver.MakeNumVar(0, Unbounded, "");
                var below = _solver.MakeConstraint(double.NegativeInfinity, high);
                below.SetCoefficient(variable, 1);
                below.SetCoefficient(up, -1);
                var above = _solver.MakeConstraint(low, double.PositiveInfinity);
                above.SetCoefficient(variable, 1);
                above.SetCoefficient(down, 1);
                objective.SetCoefficient(up, weight);
                objective.SetCoefficient(down, weight);
                _deviations[cell] = (up, down);
            }

            objective.SetMinimization();
        }
    }

    /// <summary>
    /// The upper bound of a suppressed count: far above any count a figure can have, it keeps every program bounded
    /// (GLOP reports an unbounded maximum unreliably); a maximum this large means "no upper bound".
    /// </summary>
    public const double Unbounded = 1e7;

    /// <summary>The number of tables: this release and its earlier versions.</summary>
    public int Tables => _variables.Count;

    /// <summary>The bounds of a published count.</summary>
    public static (double Low, double High) Bounds(PublishedCount count)
    {
        ArgumentNullException.ThrowIfNull(count);
        return count.Kind switch
        {
            PublishedCountKind.Exact => (count.Value!.Value, count.Value!.Value),
            PublishedCountKind.Band => (count.Low!.Value, count.High!.Value),
            _ => (0, Unbounded),
        };
    }

    /// <summary>Changes how a count of this release (table 0) is published.</summary>
    public void Publish(CellRef cell, PublishedCount count)
    {
        var (low, high) = Bounds(count);
        _variables[0][cell].SetBounds(low, high);
    }

    /// <summary>The smallest and largest value of a count consistent with everything in the model.</summary>
    public (double Min, double Max) Range(int table, CellRef cell)
    {
        var variable = _variables[table][cell];
        var objective = _solver.Objective();
        objective.Clear();
        objective.SetCoefficient(variable, 1);
        objective.SetMinimization();
        var min = Solve(minimizing: true);
        objective.SetMaximization();
        var max = Solve(minimizing: false);
        objective.SetCoefficient(variable, 0);
        return (min, max);
    }

    /// <summary>
    /// The cheapest set of this release's counts (among the weighted ones) whose suppression lets
    /// <paramref name="cell"/> of <paramref name="table"/> take the value <paramref name="target"/>; null when even
    /// suppressing all of them would not.
    /// </summary>
    public IReadOnlyList<CellRef>? Deviations(int table, CellRef cell, double target)
    {
        var variable = _variables[table][cell];
        var lb = variable.Lb();
        var ub = variable.Ub();
        variable.SetBounds(target, target);
        try
        {
            var status = _solver.Solve();
            if (status != Solver.ResultStatus.OPTIMAL)
            {
                return null;
            }

            return _deviations.Where(d => d.Value.Up.SolutionValue() + d.Value.Down.SolutionValue() > AuditedCount.Tolerance).Select(d => d.Key).ToList();
        }
        finally
        {
            variable.SetBounds(lb, ub);
        }
    }

    public void Dispose() => _solver.Dispose();

    private double Solve(bool minimizing)
    {
        var status = _solver.Solve();
        return status switch
        {
            Solver.ResultStatus.OPTIMAL => _solver.Objective().Value(),
            Solver.ResultStatus.UNBOUNDED => minimizing ? double.NegativeInfinity : double.PositiveInfinity,
            _ => throw new InvalidOperationException(status + " The disclosure audit's linear program has no solution: the published tables do not fit their true counts."),
        };
    }

    private void AddMargins(FigureTable truth, Dictionary<CellRef, Variable> variables)
    {
        var rows = truth.RowKeys.Count;
        var columns = truth.ColumnKeys.Count;
        for (var r = 0; r < rows; r++)
        {
            var row = r;
            AddMargin(variables[CellRef.RowTotal(r)], Enumerable.Range(0, columns).Select(c => variables[new CellRef(row, c)]), truth.ColumnsAdditive);
        }

        for (var c = 0; c < columns; c++)
        {
            var column = c;
            AddMargin(variables[CellRef.ColumnTotal(c)], Enumerable.Range(0, rows).Select(r => variables[new CellRef(r, column)]), truth.RowsAdditive);
        }

        AddMargin(variables[CellRef.Total], Enumerable.Range(0, rows).Select(r => variables[CellRef.RowTotal(r)]), truth.RowsAdditive);
        AddMargin(variables[CellRef.Total], Enumerable.Range(0, columns).Select(c => variables[CellRef.ColumnTotal(c)]), truth.ColumnsAdditive);
    }

    /// <summary>An additive margin is the sum of its parts; a non-additive one at least each part and at most their sum.</summary>
    private void AddMargin(Variable margin, IEnumerable<Variable> parts, bool additive)
    {
        var list = parts.ToList();
        var sum = additive ? _solver.MakeConstraint(0, 0) : _solver.MakeConstraint(double.NegativeInfinity, 0);
        sum.SetCoefficient(margin, 1);
        foreach (var part in list)
        {
            sum.SetCoefficient(part, -1);
            if (!additive)
            {
                var atLeast = _solver.MakeConstraint(double.NegativeInfinity, 0);
                atLeast.SetCoefficient(part, 1);
                atLeast.SetCoefficient(margin, -1);
            }
        }
    }

    /// <summary>Counts at the same (row key, column key) in two versions with the same true value are one variable.</summary>
    private void AddLinks(List<FigureTable> truths)
    {
        var first = new Dictionary<(string? Row, string? Column, int Value), Variable>();
        for (var t = 0; t < truths.Count; t++)
        {
            var truth = truths[t];
            foreach (var cell in truth.AllCells())
            {
                var key = (cell.Row == CellRef.Margin ? null : truth.RowKeys[cell.Row], cell.Column == CellRef.Margin ? null : truth.ColumnKeys[cell.Column], truth[cell]);
                if (first.TryGetValue(key, out var same))
                {
                    var link = _solver.MakeConstraint(0, 0);
                    link.SetCoefficient(_variables[t][cell], 1);
                    link.SetCoefficient(same, -1);
                }
                else
                {
                    first[key] = _variables[t][cell];
                }
            }
        }
    }
}
