using System.Text.Encodings.Web;
using System.Text.Json;

namespace Haven.Act;

/// <summary>The JSON of everything Act stores as JSON (texts per language, salutations, sealed letters, mail payloads).</summary>
internal static class ActJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static byte[] WriteBytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <summary>Reads <paramref name="json"/>; null when it is not valid JSON of that shape.</summary>
    public static T? Read<T>(string? json)
        where T : class
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads UTF-8 <paramref name="json"/>; null when it is not valid JSON of that shape.</summary>
    public static T? Read<T>(ReadOnlySpan<byte> json)
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

    /// <summary>A per-language map (<see cref="UrgentAction.Texts"/>, salutations, ...); empty when missing or malformed.</summary>
    public static Dictionary<string, T> ReadMap<T>(string? json) =>
        Read<Dictionary<string, T>>(json) ?? new Dictionary<string, T>(StringComparer.Ordinal);
}
