using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Haven.Record.Export;

/// <summary>Writes a Record export as one JSON document (docs/record-export.md, "JSON"): UTF-8, indented, absent values left out, enumerations by their snake-case names.</summary>
internal static class RecordExportJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    /// <summary>Writes <paramref name="document"/> to <paramref name="output"/> (left open).</summary>
    public static Task WriteAsync(RecordExportDocument document, Stream output, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(output, document, Options, cancellationToken);
}
