using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Haven.Record.Vocabulary;

namespace Haven.Record.Events;

/// <summary>
/// A date known to a day, a month or a year. In the coding JSON it is written in the shape of its precision,
/// <c>yyyy-MM-dd</c>, <c>yyyy-MM</c> or <c>yyyy</c>, so that a date can never claim more than its precision;
/// an unknown date is omitted.
/// </summary>
[JsonConverter(typeof(PartialDateConverter))]
internal readonly record struct PartialDate
{
    private PartialDate(int year, int? month, int? day)
    {
        Year = year;
        Month = month;
        Day = day;
    }

    public int Year { get; }

    public int? Month { get; }

    public int? Day { get; }

    public DatePrecision Precision => Day is not null ? DatePrecision.Day : Month is not null ? DatePrecision.Month : DatePrecision.Year;

    /// <summary>The first day the date can mean.</summary>
    public DateOnly First => new(Year, Month ?? 1, Day ?? 1);

    /// <summary>The last day the date can mean.</summary>
    public DateOnly Last => Day is not null ? First : Month is not null ? First.AddMonths(1).AddDays(-1) : new DateOnly(Year, 12, 31);

    /// <summary>A date of the given precision from its parts; null for <see cref="DatePrecision.Unknown"/> or parts that make no calendar date.</summary>
    public static PartialDate? Create(DatePrecision precision, int year, int month = 1, int day = 1)
    {
        if (precision == DatePrecision.Unknown || year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return null;
        }

        return precision switch
        {
            DatePrecision.Day => new PartialDate(year, month, day),
            DatePrecision.Month => new PartialDate(year, month, null),
            _ => new PartialDate(year, null, null),
        };
    }

    /// <summary>Reads <c>yyyy-MM-dd</c>, <c>yyyy-MM</c> or <c>yyyy</c>; anything else is null.</summary>
    public static PartialDate? Parse(string? text)
    {
        var parts = text?.Split('-');
        if (parts is null or { Length: > 3 } || parts.Any(p => p.Length == 0 || !p.All(char.IsAsciiDigit)) || parts[0].Length != 4 || parts.Skip(1).Any(p => p.Length != 2))
        {
            return null;
        }

        var numbers = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return numbers.Length switch
        {
            1 => Create(DatePrecision.Year, numbers[0]),
            2 => Create(DatePrecision.Month, numbers[0], numbers[1]),
            _ => Create(DatePrecision.Day, numbers[0], numbers[1], numbers[2]),
        };
    }

    public override string ToString() => Precision switch
    {
        DatePrecision.Day => First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DatePrecision.Month => First.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => Year.ToString("D4", CultureInfo.InvariantCulture),
    };

    private sealed class PartialDateConverter : JsonConverter<PartialDate>
    {
        public override PartialDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Parse(reader.GetString()) ?? throw new JsonException("Not a date of a day, a month or a year.");

        public override void Write(Utf8JsonWriter writer, PartialDate value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
