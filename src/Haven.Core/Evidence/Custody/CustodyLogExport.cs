using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using Haven.Files;

namespace Haven.Evidence.Custody;

/// <summary>
/// A file's custody log as a download for the responder holding its case (docs/evidence.md, "Custody log"): JSON
/// (<c>haven-custody-log/1</c>: the file, then the entries with the same field names as a signed bundle's manifest)
/// or CSV (one line per entry, the same fields, and on the line that brought the file or a copy into being that
/// file's SHA-256 and size). Written to the response only, never to the server's disk.
/// </summary>
internal static class CustodyLogExport
{
    /// <summary>The JSON document's <c>format</c>.</summary>
    public const string Format = "haven-custody-log/1";

    /// <summary>The CSV header, in order.</summary>
    public static readonly IReadOnlyList<string> CsvHeader = ["seq", "at", "actor", "actor_name", "action", "subject", "hash", "file_sha256", "file_size"];

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // A name that starts like a formula gets a leading apostrophe, so that a spreadsheet shows it as text.
    private static readonly CsvWriterOptions CsvOptions = CsvWriterOptions.Default with { Injection = CsvInjection.Escape, NewLine = "\n", WriteByteOrderMark = false };

    /// <summary>An entry's time as both downloads write it: UTC, ISO 8601 (<c>2026-11-23T10:02:00Z</c>).</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The file an entry brought into being, whose SHA-256 and size the entry's line carries: the file itself for its
    /// receipt, the new copy for a copy's making; null for every other entry.
    /// </summary>
    public static FileListing? Brought(CustodyLog log, CustodyEntry entry)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Action == CustodyActions.Received && entry.SubjectId is { } id ? log.Files.GetValueOrDefault(id) : log.CopyMadeBy(entry);
    }

    /// <summary>Writes the log as JSON to <paramref name="output"/> (left open).</summary>
    public static Task WriteJsonAsync(CustodyLog log, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        var document = new JsonLog(
            Format,
            log.CaseId,
            new JsonFile(log.File.Id, log.File.Name, log.File.Size, log.File.Sha256, log.File.WorkingCopy, log.File.Original),
            [.. log.Entries.Select(e => new JsonEntry(e.Seq, Time(e.At), e.ActorId, e.ActorName, e.Action, e.SubjectId, e.HashHex))]);
        return JsonSerializer.SerializeAsync(output, document, JsonOptions, cancellationToken);
    }

    /// <summary>Writes the log as CSV to <paramref name="output"/> (left open).</summary>
    public static async Task WriteCsvAsync(CustodyLog log, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        await using var csv = CsvWriter.Create(output, CsvOptions, leaveOpen: true);
        csv.WriteHeader([.. CsvHeader]);
        foreach (var e in log.Entries)
        {
            var brought = Brought(log, e);
            csv.WriteRecord([
                e.Seq.ToString(CultureInfo.InvariantCulture), Time(e.At), e.ActorId, e.ActorName ?? "", e.Action, e.SubjectId ?? "", e.HashHex,
                brought?.Sha256 ?? "", brought?.Size.ToString(CultureInfo.InvariantCulture) ?? ""]);
        }

        await csv.FlushAsync(cancellationToken);
    }

    private sealed record JsonLog(
        [property: JsonPropertyName("format")] string Format,
        [property: JsonPropertyName("case")] string Case,
        [property: JsonPropertyName("file")] JsonFile File,
        [property: JsonPropertyName("entries")] IReadOnlyList<JsonEntry> Entries);

    private sealed record JsonFile(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("size")] long Size,
        [property: JsonPropertyName("sha256")] string Sha256,
        [property: JsonPropertyName("copy")] string? Copy,
        [property: JsonPropertyName("from")] string? From);

    private sealed record JsonEntry(
        [property: JsonPropertyName("seq")] long Seq,
        [property: JsonPropertyName("at")] string At,
        [property: JsonPropertyName("actor")] string Actor,
        [property: JsonPropertyName("actor_name")] string? ActorName,
        [property: JsonPropertyName("action")] string Action,
        [property: JsonPropertyName("subject")] string? Subject,
        [property: JsonPropertyName("hash")] string Hash);
}
