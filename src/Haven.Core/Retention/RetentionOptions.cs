namespace Haven.Retention;

/// <summary>
/// How long cases are kept (<c>Haven:Retention</c>), validated at start-up. Retention is explicit: a case
/// that has ended, or that nobody has written in for a long time, is deleted for good on schedule, and the
/// desk warns beforehand. The less Haven holds, the less a seizure of the server can reveal.
/// </summary>
internal sealed class RetentionOptions
{
    /// <summary>The longest any of the day counts may be: about a hundred years.</summary>
    public const int MaxDays = 36_500;

    /// <summary>A Safe or Closed case is purged this many days after the day it ended (default 90).</summary>
    public int ClosedDays { get; set; } = 90;

    /// <summary>Any case without a message or reply for this many days is purged (default 180).</summary>
    public int InactiveDays { get; set; } = 180;

    /// <summary>The desk warns about a purge this many days ahead (default 7; 0 for no warning).</summary>
    public int WarningDays { get; set; } = 7;

    /// <summary>How often the web host's background job purges (default one hour; real time, not the clock's day).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The first problem with these options, or null when they are valid.</summary>
    public string? Problem()
    {
        if (ClosedDays is < 1 or > MaxDays)
        {
            return $"Haven:Retention:ClosedDays must be between 1 and {MaxDays}.";
        }

        if (InactiveDays is < 1 or > MaxDays)
        {
            return $"Haven:Retention:InactiveDays must be between 1 and {MaxDays}.";
        }

        if (WarningDays < 0 || WarningDays >= ClosedDays || WarningDays >= InactiveDays)
        {
            return "Haven:Retention:WarningDays must be at least 0 and less than ClosedDays and InactiveDays.";
        }

        if (Interval < TimeSpan.FromSeconds(1) || Interval > TimeSpan.FromDays(1))
        {
            return "Haven:Retention:Interval must be between 00:00:01 and 1.00:00:00.";
        }

        return null;
    }
}
