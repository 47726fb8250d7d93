using System.Text.Json.Serialization;

namespace Haven.Evidence.Bundles;

/// <summary>
/// One entry of a file's custody log, as the instance's signed, hash-chained audit log holds it: anyone with the
/// audit log (<c>haven audit verify</c>) can find the same entry by its sequence number and hash.
/// </summary>
internal sealed class ManifestCustody
{
    [JsonPropertyName("seq")]
    public required long Seq { get; init; }

    /// <summary>UTC, to the minute (to the day for what a person did): <c>2026-12-06T13:40Z</c>.</summary>
    [JsonPropertyName("at")]
    public required string At { get; init; }

    [JsonPropertyName("actor")]
    public required string Actor { get; init; }

    /// <summary>The responder's display name, or null for the instance itself.</summary>
    [JsonPropertyName("actor_name")]
    public string? ActorName { get; init; }

    [JsonPropertyName("action")]
    public required string Action { get; init; }

    [JsonPropertyName("subject")]
    public string? Subject { get; init; }

    /// <summary>The audit entry's BLAKE2b hash, lowercase hex.</summary>
    [JsonPropertyName("hash")]
    public required string Hash { get; init; }
}
