using System.Text.Json.Serialization;
using Haven.Figures.Tables;

namespace Haven.Figures.Disclosure;

/// <summary>
/// One banded count as the audit saw it: its band [<see cref="Low"/>, <see cref="High"/>] and the smallest and
/// largest value (<see cref="Min"/>, <see cref="Max"/>) a reader can deduce for it from everything published (this
/// release, every earlier version, and which counts did not change between them). Public: never a true count.
/// </summary>
/// <param name="Cell">The count's cell or margin in its version's table.</param>
/// <param name="Version">0 for the release being audited, else the earlier version's number.</param>
/// <param name="Low">The band's lower end.</param>
/// <param name="High">The band's upper end.</param>
/// <param name="Min">The smallest value consistent with everything published (a linear program's optimum).</param>
/// <param name="Max">The largest such value.</param>
internal sealed record AuditedCount(
    [property: JsonPropertyName("cell")] CellRef Cell,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("low")] int Low,
    [property: JsonPropertyName("high")] int High,
    [property: JsonPropertyName("min")] double Min,
    [property: JsonPropertyName("max")] double Max)
{
    /// <summary>How far a linear program's optimum may stray from an integer end of a band.</summary>
    public const double Tolerance = 1e-6;

    /// <summary>Whether the feasible range covers the whole band: nothing narrows the count below its band.</summary>
    [JsonPropertyName("covered")]
    public bool Covered => Min <= Low + Tolerance && Max >= High - Tolerance;

    /// <summary>
    /// Whether the feasible range is at least as wide as the band: the test for a count from 1 to the threshold that
    /// is suppressed rather than banded (its range may start above 1 when its parts are banded, but must not be
    /// narrower than a band).
    /// </summary>
    [JsonIgnore]
    public bool Wide => Max - Min >= High - Low - Tolerance;
}
