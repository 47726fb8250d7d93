using System.Text.Json.Serialization;
using Haven.Record.Vocabulary;

namespace Haven.Record.Events;

/// <summary>The involvement of one perpetrator in an act.</summary>
internal sealed class InvolvementCoding
{
    /// <summary>A key of <see cref="TermList.PerpetratorType"/>.</summary>
    [JsonPropertyName("perpetrator")]
    public string Perpetrator { get; set; } = "";

    /// <summary>A key of <see cref="TermList.InvolvementDegree"/>.</summary>
    [JsonPropertyName("degree")]
    public string Degree { get; set; } = "";
}
