namespace Haven.Record.Vocabulary;

/// <summary>How precisely a date of an event is known (fixed; labels in the web's resources, <c>Record.DatePrecision.*</c>).</summary>
internal enum DatePrecision
{
    /// <summary>The day is known.</summary>
    Day,

    /// <summary>Only the month is known: the date's day carries no meaning.</summary>
    Month,

    /// <summary>Only the year is known.</summary>
    Year,

    /// <summary>Nothing of the date is known.</summary>
    Unknown,
}
