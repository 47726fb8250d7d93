namespace Haven.Act;

/// <summary>The settings of Act (<c>Haven:Act</c>, issue 18), validated at start-up.</summary>
internal sealed class ActOptions
{
    /// <summary>Whether the public pages at <c>/act</c> are served (default true; the desk's Act pages always are).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The host name the public Act pages are served on (for example <c>act.example.org</c>), apart from the
    /// intake's onion address; null or empty serves them on any host name the server answers.
    /// </summary>
    public string? Host { get; set; }

    /// <summary>The most letters and declarations one Urgent Action accepts in an hour (default 600).</summary>
    public int PerActionPerHour { get; set; } = 600;

    /// <summary>The most letters and declarations the whole instance accepts in an hour (default 3000).</summary>
    public int InstancePerHour { get; set; } = 3000;

    /// <summary>The longest letter a supporter may send, in characters (default 8000).</summary>
    public int MaxLetterLength { get; set; } = 8000;

    /// <summary>How long a public form's one-time token stays valid, in hours (default 24).</summary>
    public int FormTokenHours { get; set; } = 24;

    /// <summary>The first problem with these options, or null when they are valid.</summary>
    public string? Problem()
    {
        if (!string.IsNullOrEmpty(Host) && Uri.CheckHostName(Host) == UriHostNameType.Unknown)
        {
            return "Haven:Act:Host must be a host name, such as act.example.org (no scheme, no path).";
        }

        if (PerActionPerHour is < 1 or > 1_000_000 || InstancePerHour is < 1 or > 10_000_000)
        {
            return "Haven:Act:PerActionPerHour and Haven:Act:InstancePerHour must be at least 1.";
        }

        if (MaxLetterLength is < 500 or > 100_000)
        {
            return "Haven:Act:MaxLetterLength must be between 500 and 100000.";
        }

        return FormTokenHours is < 1 or > 24 * 14 ? "Haven:Act:FormTokenHours must be between 1 and 336." : null;
    }
}
