namespace Haven.Alerts;

/// <summary>The settings of responders' alerts (<c>Haven:Alerts</c>, issue 18).</summary>
internal sealed class AlertOptions
{
    /// <summary>At most one alert per responder in this many minutes (default 30).</summary>
    public int IntervalMinutes { get; set; } = 30;

    /// <summary>Whether an alert may say "urgent" when an urgent request is among the activity (default false: the team decides).</summary>
    public bool AllowUrgencyWord { get; set; }

    /// <summary>The first problem with these options, or null when they are valid.</summary>
    public string? Problem() =>
        IntervalMinutes is < 1 or > 24 * 60 ? "Haven:Alerts:IntervalMinutes must be between 1 and 1440." : null;
}
