using System.Text.Json.Serialization;
using Haven.Figures.Disclosure;

namespace Haven.Figures.Releases;

/// <summary>Why one count of a release was protected (<see cref="Tables.CellRef.Margin"/> for a margin's row or column).</summary>
internal sealed record BasisReason(
    [property: JsonPropertyName("row")] int Row,
    [property: JsonPropertyName("column")] int Column,
    [property: JsonPropertyName("reason")] ProtectionReason Reason);
