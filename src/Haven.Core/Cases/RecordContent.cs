using System.Text.Json;
using System.Text.Json.Serialization;

namespace Haven.Cases;

/// <summary>
/// The plaintext of a record, serialised as UTF-8 JSON before encryption (protocol.md, "Records").
/// Only ever exists in memory.
/// </summary>
internal sealed class RecordContent
{
    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    [JsonPropertyName("v")]
    public int Version { get; set; } = 1;

    [JsonPropertyName("help")]
    public IReadOnlyList<string>? Help { get; set; }

    [JsonPropertyName("text")]
    public string Text { get; set; } = "";

    [JsonPropertyName("contact")]
    public string? Contact { get; set; }

    /// <summary>For a <c>transition</c> record: the step the reason belongs to, such as <c>Triage&gt;Verification</c>.</summary>
    [JsonPropertyName("step")]
    public string? Step { get; set; }

    /// <summary>For a <c>casedata</c> record: one whole version of the structured case data.</summary>
    [JsonPropertyName("data")]
    public CaseData? Data { get; set; }

    /// <summary>For a <c>testimony</c> record: the answers to the guided form, as term and region keys (never labels).</summary>
    [JsonPropertyName("testimony")]
    public Intake.Testimony? Testimony { get; set; }

    /// <summary>Files sent with a request, message or reply: their keys and everything known about them.</summary>
    [JsonPropertyName("files")]
    public IReadOnlyList<Files.FileAttachment>? Files { get; set; }

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, Options);

    public static RecordContent? FromUtf8(byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize<RecordContent>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
