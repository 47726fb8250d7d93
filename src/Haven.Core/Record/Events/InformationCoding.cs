using System.Text.Json.Serialization;
using Haven.Record.Vocabulary;

namespace Haven.Record.Events;

/// <summary>One source of information behind an event.</summary>
internal sealed class InformationCoding
{
    /// <summary>Random, 32 lowercase hex; links the source's details in the narrative.</summary>
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("source")]
    public InformationSource Source { get; set; }

    /// <summary>The case, for a <see cref="InformationSource.Case"/> source.</summary>
    [JsonPropertyName("case")]
    public string? CaseId { get; set; }

    /// <summary>A key of <see cref="TermList.SourceConnection"/>.</summary>
    [JsonPropertyName("connection")]
    public string Connection { get; set; } = "";

    /// <summary>1 (unconfirmed) to 5 (fully reliable).</summary>
    [JsonPropertyName("reliability")]
    public int Reliability { get; set; }
}
