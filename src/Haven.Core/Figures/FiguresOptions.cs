namespace Haven.Figures;

/// <summary>The settings of Figures (<c>Haven:Figures</c>, issue 17), validated at start-up.</summary>
internal sealed class FiguresOptions
{
    /// <summary>The lowest threshold an operator may set: a band "1–2" would say too much.</summary>
    public const int MinThreshold = 3;

    /// <summary>Whether the public pages at <c>/figures</c> are served (default true; the desk's figure pages always are).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The host name the public figures are served on (for example <c>figures.example.org</c>), apart from the
    /// intake's onion address; null or empty serves them on any host name the server answers.
    /// </summary>
    public string? Host { get; set; }

    /// <summary>Counts from 1 to this are published only as a band "1–Threshold" (default 10, never below 3).</summary>
    public int Threshold { get; set; } = 10;

    /// <summary>The most categories one dimension of a figure may have (default 60).</summary>
    public int MaxCategories { get; set; } = 60;

    /// <summary>The first problem with these options, or null when they are valid.</summary>
    public string? Problem()
    {
        if (Threshold is < MinThreshold or > 1000)
        {
            return $"Haven:Figures:Threshold must be between {MinThreshold} and 1000.";
        }

        if (MaxCategories is < 2 or > 500)
        {
            return "Haven:Figures:MaxCategories must be between 2 and 500.";
        }

        if (!string.IsNullOrEmpty(Host) && Uri.CheckHostName(Host) == UriHostNameType.Unknown)
        {
            return "Haven:Figures:Host must be a host name, such as figures.example.org (no scheme, no path).";
        }

        return null;
    }
}
