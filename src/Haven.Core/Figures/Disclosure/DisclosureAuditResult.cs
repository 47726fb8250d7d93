using System.Text.Json.Serialization;

namespace Haven.Figures.Disclosure;

/// <summary>
/// The audit of a release (stored as JSON in <see cref="Releases.FigureRelease.Audit"/>, public): whether every
/// banded count, of this release and of every earlier version, can still take both ends of its band given
/// everything published; the threshold; and each banded count's band and feasible range. Never a true count.
/// </summary>
internal sealed record DisclosureAuditResult(
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("threshold")] int Threshold,
    [property: JsonPropertyName("counts")] IReadOnlyList<AuditedCount> Counts)
{
    /// <summary>
    /// The counts from 1 to the threshold that this release suppresses instead of banding (a small margin whose parts
    /// are banded), with the band they would have had: each must be <see cref="AuditedCount.Wide"/>. For the desk
    /// only: never stored with the public audit, which would tell which suppressed counts are small.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<AuditedCount> Hidden { get; init; } = [];
}
