using System.Text.Json;
using System.Text.Json.Serialization;

namespace Haven.Cases;

/// <summary>
/// The structured data of a case, kept whole in each version (a <c>casedata</c> record, protocol.md):
/// editing never overwrites, it appends a new version, so the team can see what changed and when. Only ever
/// exists in memory; on disk it is ciphertext under the case key.
/// </summary>
internal sealed class CaseData
{
    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>What the person needs (evacuation, documents, medicine, money, …).</summary>
    [JsonPropertyName("needs")]
    public string? Needs { get; set; }

    /// <summary>Where the person is, as coarsely as the work allows; free text.</summary>
    [JsonPropertyName("region")]
    public string? Region { get; set; }

    /// <summary>Who travels or depends on the person.</summary>
    [JsonPropertyName("dependants")]
    public string? Dependants { get; set; }

    /// <summary>Known risks: who is looking for the person, what they know.</summary>
    [JsonPropertyName("risks")]
    public string? Risks { get; set; }

    /// <summary>The safe way to reach the person and when.</summary>
    [JsonPropertyName("contact")]
    public string? Contact { get; set; }

    /// <summary>The steps of the plan, each with an optional due date. Operational: never told to the person before Planning.</summary>
    [JsonPropertyName("plan")]
    public List<PlanStep> Plan { get; set; } = [];

    [JsonPropertyName("tags")]
    public List<string> Tags { get; set; } = [];

    /// <summary>True when nothing at all is filled in.</summary>
    [JsonIgnore]
    public bool IsEmpty => Needs is null && Region is null && Dependants is null && Risks is null && Contact is null && Plan.Count == 0 && Tags.Count == 0;

    /// <summary>The same data trimmed, with empty fields, empty steps and repeated tags dropped.</summary>
    public CaseData Normalized() => new()
    {
        Needs = Clean(Needs),
        Region = Clean(Region),
        Dependants = Clean(Dependants),
        Risks = Clean(Risks),
        Contact = Clean(Contact),
        Plan = Plan.Where(p => !string.IsNullOrWhiteSpace(p.Step)).Select(p => new PlanStep { Step = p.Step.Trim(), Due = p.Due }).ToList(),
        Tags = Tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
    };

    /// <summary>True when both versions hold the same data.</summary>
    public bool SameAs(CaseData? other) =>
        other is not null && JsonSerializer.Serialize(Normalized(), Options) == JsonSerializer.Serialize(other.Normalized(), Options);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
