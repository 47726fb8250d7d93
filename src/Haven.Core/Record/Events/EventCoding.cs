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

/// <summary>One act of an event: what was done to one victim.</summary>
internal sealed class ActCoding
{
    /// <summary>Random, 32 lowercase hex; links the act's narrative.</summary>
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    /// <summary>A key of <see cref="TermList.ActType"/>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    /// <summary>The victim's id (a victim of any case).</summary>
    [JsonPropertyName("victim")]
    public string Victim { get; set; } = "";

    /// <summary>A key of <see cref="TermList.VictimStatus"/>: the victim's status at the end; null when unknown.</summary>
    [JsonPropertyName("victim_status")]
    public string? VictimStatus { get; set; }

    [JsonPropertyName("involvements")]
    public List<InvolvementCoding> Involvements { get; set; } = [];
}

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

/// <summary>Where an item of information comes from.</summary>
internal enum InformationSource
{
    /// <summary>A case of this instance (what the person told).</summary>
    Case,

    /// <summary>A source outside Haven (a document, the media, a partner).</summary>
    Outside,
}

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
