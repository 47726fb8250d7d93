using System.Globalization;

namespace Haven.Web.Pages;

/// <summary>
/// How every page shows a date: ISO 8601 (<c>2026-12-05</c>, and <c>2026-12-05 14:30 UTC</c> where a time is
/// shown), the same in every language. A culture's short form is ambiguous across languages ("12/5/2026" is
/// 5 December in English and 12 May for most readers elsewhere), and people at risk and responders read each
/// other's languages. Dates are kept to the day on purpose; a time appears only where the server keeps one.
/// </summary>
internal static class DateText
{
    /// <summary>A day: <c>2026-12-05</c>.</summary>
    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A moment, in UTC: <c>2026-12-05 14:30 UTC</c>.</summary>
    public static string Moment(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
