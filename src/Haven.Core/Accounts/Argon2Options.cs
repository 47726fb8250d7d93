namespace Haven.Accounts;

/// <summary>Options for the memory-hard derivations (<c>Haven:Argon2</c>).</summary>
internal sealed class Argon2Options
{
    /// <summary>How many Argon2id derivations (64 MiB each) for the public intake may run at once. Default: the number of cores.</summary>
    public int MaxConcurrent { get; set; } = Environment.ProcessorCount;

    /// <summary>How many more may run at once for responders (logins, passphrases, enrolment), kept apart so that an intake flood never locks the desk out.</summary>
    public int DeskConcurrent { get; set; } = 1;

    /// <summary>How many intake requests may wait for a slot; beyond that they are refused at once as busy instead of piling up.</summary>
    public int MaxQueue { get; set; } = 64;

    /// <summary>How long a request waits for a slot before it is refused as busy.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(20);
}
