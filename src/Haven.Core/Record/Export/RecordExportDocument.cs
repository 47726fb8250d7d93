using System.Text.Json.Serialization;
using Haven.Record.Vocabulary;

namespace Haven.Record.Export;

/// <summary>
/// Everything a Record export holds, in memory only until it is written (<see cref="RecordExportJson"/>,
/// <see cref="RecordExportCsv"/>): the current version of every event and victim the exporter's keys open, with
/// term keys and their labels, and the controlled lists and the gazetteer so that the export describes itself. The
/// JSON names are the format of docs/record-export.md; an absent value is left out.
/// </summary>
internal sealed class RecordExportDocument
{
    public const string FormatName = "haven-record-export";

    [JsonPropertyName("format")]
    public string Format { get; init; } = FormatName;

    [JsonPropertyName("version")]
    public int Version { get; init; } = 1;

    /// <summary>The day of the export (UTC).</summary>
    [JsonPropertyName("exported_on")]
    public required DateOnly ExportedOn { get; init; }

    [JsonPropertyName("scope")]
    public required ExportScope Scope { get; init; }

    /// <summary>The cultures labels are given in: English, Russian, then any other, by name.</summary>
    [JsonPropertyName("cultures")]
    public required IReadOnlyList<string> Cultures { get; init; }

    [JsonPropertyName("events")]
    public required IReadOnlyList<Event> Events { get; init; }

    /// <summary>Every victim whose coding opened, whether or not an act names it.</summary>
    [JsonPropertyName("victims")]
    public required IReadOnlyList<Victim> Victims { get; init; }

    /// <summary>Events and victims whose current version the exporter's keys do not open: ids only.</summary>
    [JsonPropertyName("unreadable")]
    public required Unreadable Skipped { get; init; }

    /// <summary>Every controlled list by its name (<see cref="TermList"/>), terms in order, retired ones included.</summary>
    [JsonPropertyName("lists")]
    public required IReadOnlyDictionary<string, IReadOnlyList<Term>> Lists { get; init; }

    /// <summary>Every country, each followed by its regions; retired ones included.</summary>
    [JsonPropertyName("gazetteer")]
    public required IReadOnlyList<Region> Gazetteer { get; init; }

    /// <summary>One event, its current version.</summary>
    internal sealed class Event
    {
        [JsonPropertyName("id")]
        public required string Id { get; init; }

        [JsonPropertyName("case")]
        public required string CaseId { get; init; }

        [JsonPropertyName("version")]
        public required int Version { get; init; }

        /// <summary>Whether the narrative fields are present: a narratives export of a case the exporter holds.</summary>
        [JsonPropertyName("narrative")]
        public required bool HasNarrative { get; init; }

        [JsonPropertyName("title")]
        public string? Title { get; init; }

        [JsonPropertyName("description")]
        public string? Description { get; init; }

        [JsonPropertyName("start")]
        public Date? Start { get; init; }

        [JsonPropertyName("end")]
        public Date? End { get; init; }

        [JsonPropertyName("region")]
        public Region? Region { get; init; }

        [JsonPropertyName("violation_status")]
        public required ViolationStatus ViolationStatus { get; init; }

        [JsonPropertyName("confidentiality")]
        public required Confidentiality Confidentiality { get; init; }

        /// <summary>The number of distinct sources (each case once, each outside source once).</summary>
        [JsonPropertyName("corroboration")]
        public required int Corroboration { get; init; }

        [JsonPropertyName("acts")]
        public required IReadOnlyList<Act> Acts { get; init; }

        [JsonPropertyName("information")]
        public required IReadOnlyList<Information> Information { get; init; }
    }

    /// <summary>One act: what was done to one victim.</summary>
    internal sealed class Act
    {
        [JsonPropertyName("id")]
        public required string Id { get; init; }

        [JsonPropertyName("type")]
        public required Term Type { get; init; }

        [JsonPropertyName("victim_id")]
        public required string VictimId { get; init; }

        /// <summary>The victim (the same object as in the document's victims); absent when its coding does not open.</summary>
        [JsonPropertyName("victim")]
        public Victim? Victim { get; init; }

        [JsonPropertyName("victim_status")]
        public Term? VictimStatus { get; init; }

        [JsonPropertyName("method")]
        public string? Method { get; init; }

        [JsonPropertyName("consequences")]
        public string? Consequences { get; init; }

        [JsonPropertyName("involvements")]
        public required IReadOnlyList<Involvement> Involvements { get; init; }
    }

    /// <summary>One perpetrator's involvement in an act; its id is the act's id, a dash and its position from 1.</summary>
    internal sealed class Involvement
    {
        [JsonPropertyName("id")]
        public required string Id { get; init; }

        [JsonPropertyName("perpetrator_type")]
        public required Term PerpetratorType { get; init; }

        [JsonPropertyName("degree")]
        public required Term Degree { get; init; }
    }

    /// <summary>One source of information behind an event.</summary>
    internal sealed class Information
    {
        [JsonPropertyName("id")]
        public required string Id { get; init; }

        /// <summary><c>case</c> or <c>outside</c>.</summary>
        [JsonPropertyName("source")]
        public required string Source { get; init; }

        [JsonPropertyName("case")]
        public string? CaseId { get; init; }

        [JsonPropertyName("connection")]
        public required Term Connection { get; init; }

        /// <summary>1 (unconfirmed) to 5 (fully reliable).</summary>
        [JsonPropertyName("reliability")]
        public required int Reliability { get; init; }

        [JsonPropertyName("details")]
        public string? Details { get; init; }
    }

    /// <summary>One victim, its current version.</summary>
    internal sealed class Victim
    {
        [JsonPropertyName("id")]
        public required string Id { get; init; }

        [JsonPropertyName("case")]
        public required string CaseId { get; init; }

        [JsonPropertyName("version")]
        public required int Version { get; init; }

        [JsonPropertyName("narrative")]
        public required bool HasNarrative { get; init; }

        [JsonPropertyName("pseudonym")]
        public string? Pseudonym { get; init; }

        [JsonPropertyName("age_band")]
        public Term? AgeBand { get; init; }

        [JsonPropertyName("counting_unit")]
        public required CountingUnit CountingUnit { get; init; }

        [JsonPropertyName("group_size")]
        public int? GroupSize { get; init; }
    }

    /// <summary>A date known to a day, a month or a year: as written, its precision, and the first and last day it can mean.</summary>
    internal sealed class Date
    {
        [JsonPropertyName("date")]
        public required string Value { get; init; }

        [JsonPropertyName("precision")]
        public required DatePrecision Precision { get; init; }

        [JsonPropertyName("first")]
        public required DateOnly First { get; init; }

        [JsonPropertyName("last")]
        public required DateOnly Last { get; init; }
    }

    /// <summary>A term of a controlled list: its key (what coding stores) and its labels.</summary>
    internal sealed class Term
    {
        [JsonPropertyName("key")]
        public required string Key { get; init; }

        [JsonPropertyName("retired")]
        public required bool Retired { get; init; }

        /// <summary>By culture name; empty for a key the list does not have.</summary>
        [JsonPropertyName("labels")]
        public required IReadOnlyDictionary<string, string> Labels { get; init; }
    }

    /// <summary>A country (no parent) or one of its regions.</summary>
    internal sealed class Region
    {
        [JsonPropertyName("code")]
        public required string Code { get; init; }

        [JsonPropertyName("parent_code")]
        public string? ParentCode { get; init; }

        [JsonPropertyName("retired")]
        public required bool Retired { get; init; }

        [JsonPropertyName("labels")]
        public required IReadOnlyDictionary<string, string> Labels { get; init; }
    }

    /// <summary>The ids whose current version the keys did not open.</summary>
    internal sealed class Unreadable
    {
        [JsonPropertyName("events")]
        public required IReadOnlyList<string> Events { get; init; }

        [JsonPropertyName("victims")]
        public required IReadOnlyList<string> Victims { get; init; }
    }
}
