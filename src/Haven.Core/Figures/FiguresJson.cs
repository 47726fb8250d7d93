using System.Text.Json;

namespace Haven.Figures;

/// <summary>
/// The JSON of figures: definitions, published tables, audits and the encrypted basis's plaintext. Absent fields
/// omitted, enumerations by their snake-case names, as Record's JSON.
/// </summary>
internal static class FiguresJson
{
    private static JsonSerializerOptions Options => Record.Events.RecordJson.Options;

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static byte[] ToUtf8<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <summary>The value of <paramref name="json"/>, or null when it is not that JSON.</summary>
    public static T? FromJson<T>(string json)
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

    /// <inheritdoc cref="FromJson{T}(string)"/>
    public static T? FromUtf8<T>(byte[] json)
        where T : class => Record.Events.RecordJson.FromUtf8<T>(json);
}
