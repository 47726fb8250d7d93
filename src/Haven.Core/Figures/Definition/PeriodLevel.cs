namespace Haven.Figures.Definition;

/// <summary>How finely a period dimension is cut. Category keys: <c>2017-04</c>, <c>2017-Q2</c>, <c>2017</c>.</summary>
internal enum PeriodLevel
{
    Month,
    Quarter,
    Year,
}
