using System.Text.Json.Serialization;
using Haven.Record.Vocabulary;

namespace Haven.Record.Events;

/// <summary>
/// The coding of one version of an event: its controlled-vocabulary fields, readable with the case key and with
/// the documentation key (docs/protocol.md, "Record: events and victims"). Term and region keys, never labels.
/// </summary>
internal sealed class EventCoding
{
    [JsonPropertyName("v")]
    public int Version { get; set; } = 1;

    /// <summary>When it began; null when unknown.</summary>
    [JsonPropertyName("start")]
    public PartialDate? Start { get; set; }

    /// <summary>When it ended; null when unknown or the same as the start.</summary>
    [JsonPropertyName("end")]
    public PartialDate? End { get; set; }

    /// <summary>A region key of the gazetteer (a country or one of its regions); null when unknown.</summary>
    [JsonPropertyName("region")]
    public string? Region { get; set; }

    [JsonPropertyName("status")]
    public ViolationStatus Status { get; set; } = ViolationStatus.Unknown;

    [JsonPropertyName("confidentiality")]
    public Confidentiality Confidentiality { get; set; } = Confidentiality.Confidential;

    [JsonPropertyName("acts")]
    public List<ActCoding> Acts { get; set; } = [];

    [JsonPropertyName("information")]
    public List<InformationCoding> Information { get; set; } = [];

    /// <summary>The number of distinct sources: each case once, each outside source once.</summary>
    public int Corroboration => Information.Select(i => i.Source == InformationSource.Case ? "case:" + i.CaseId : "outside:" + i.Id).Distinct(StringComparer.Ordinal).Count();

    /// <summary>The highest reliability of its sources (0 when it has none).</summary>
    public int BestReliability => Information.Select(i => i.Reliability).DefaultIfEmpty(0).Max();
}
