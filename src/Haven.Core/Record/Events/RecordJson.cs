using System.Text.Json;
using System.Text.Json.Serialization;

namespace Haven.Record.Events;

/// <summary>
/// The JSON of codings and narratives (docs/protocol.md, "Record: events and victims"): absent fields omitted,
/// enumerations by their snake-case names, term keys as stored. Only ever in memory.
/// </summary>
internal static class RecordJson
{
    /// <summary>The options: absent fields omitted, enumerations by their snake-case names (Figures' JSON uses them too).</summary>
    internal static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    public static byte[] ToUtf8<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <summary>The value of <paramref name="json"/>, or null when it is not that JSON (a reader ignores fields it does not know).</summary>
    public static T? FromUtf8<T>(byte[] json)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
