using System.Data.Common;
using System.Globalization;
using System.Text.Json;

namespace Haven.Backup;

/// <summary>
/// How each column type is written in a backup's JSON lines and read back: one convention for both providers.
/// <list type="table">
/// <item><term>string</term><description>a JSON string</description></item>
/// <item><term>int32, int64</term><description>a JSON number</description></item>
/// <item><term>boolean</term><description><c>true</c> or <c>false</c></description></item>
/// <item><term>bytes</term><description>standard base64 with padding</description></item>
/// <item><term>date</term><description><c>"yyyy-MM-dd"</c></description></item>
/// <item><term>timestamp</term><description>ISO 8601 with its offset, e.g. <c>"2026-11-23T10:05:00+00:00"</c></description></item>
/// </list>
/// NULL is JSON <c>null</c>.
/// </summary>
internal static class BackupValues
{
    public const string String = "string";
    public const string Int32 = "int32";
    public const string Int64 = "int64";
    public const string Boolean = "boolean";
    public const string Bytes = "bytes";
    public const string Date = "date";
    public const string Timestamp = "timestamp";

    /// <exception cref="NotSupportedException">A column type backups do not handle yet: add it here and to protocol.md.</exception>
    public static string TypeName(Type type, string table, string column)
    {
        if (type.IsEnum)
        {
            type = Enum.GetUnderlyingType(type);
        }

        return type switch
        {
            _ when type == typeof(string) => String,
            _ when type == typeof(int) => Int32,
            _ when type == typeof(long) => Int64,
            _ when type == typeof(bool) => Boolean,
            _ when type == typeof(byte[]) => Bytes,
            _ when type == typeof(DateOnly) => Date,
            _ when type == typeof(DateTimeOffset) => Timestamp,
            _ => throw new NotSupportedException($"Column {table}.{column} has the type {type.Name}, which backups do not handle."),
        };
    }

    /// <summary>Writes the reader's current value of column <paramref name="ordinal"/>.</summary>
    public static void Write(Utf8JsonWriter json, DbDataReader reader, int ordinal, string type)
    {
        if (reader.IsDBNull(ordinal))
        {
            json.WriteNullValue();
            return;
        }

        switch (type)
        {
            case String:
                json.WriteStringValue(reader.GetFieldValue<string>(ordinal));
                break;
            case Int32:
                json.WriteNumberValue(reader.GetFieldValue<int>(ordinal));
                break;
            case Int64:
                json.WriteNumberValue(reader.GetFieldValue<long>(ordinal));
                break;
            case Boolean:
                json.WriteBooleanValue(reader.GetFieldValue<bool>(ordinal));
                break;
            case Bytes:
                json.WriteBase64StringValue(reader.GetFieldValue<byte[]>(ordinal));
                break;
            case Date:
                json.WriteStringValue(reader.GetFieldValue<DateOnly>(ordinal).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case Timestamp:
                json.WriteStringValue(reader.GetFieldValue<DateTimeOffset>(ordinal));
                break;
            default:
                throw new NotSupportedException(type);
        }
    }

    /// <summary>Reads a value written by <see cref="Write"/> as the parameter value to insert.</summary>
    /// <exception cref="FormatException">The value does not have the column's type, or is null where that is not allowed.</exception>
    public static object Read(JsonElement value, BackupColumn column)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return column.Nullable ? DBNull.Value : throw new FormatException("A value is missing.");
        }

        try
        {
            return column.Type switch
            {
                String when value.ValueKind == JsonValueKind.String => value.GetString()!,
                Int32 when value.ValueKind == JsonValueKind.Number => value.GetInt32(),
                Int64 when value.ValueKind == JsonValueKind.Number => value.GetInt64(),
                Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False => value.GetBoolean(),
                Bytes when value.ValueKind == JsonValueKind.String => value.GetBytesFromBase64(),
                Date when value.ValueKind == JsonValueKind.String => DateOnly.ParseExact(value.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),

                // PostgreSQL stores a timestamp with time zone as an instant and takes only UTC: keep the instant.
                Timestamp when value.ValueKind == JsonValueKind.String => value.GetDateTimeOffset().ToUniversalTime(),
                _ => throw new FormatException("A value does not have its column's type."),
            };
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException("A value does not have its column's type.", e);
        }
    }
}
