namespace Haven.Abuse;

/// <summary>
/// Limits on what people send (<c>Haven:Throttle:Submissions</c>). Tor hides who is sending, so the limits
/// are instance-wide, plus one per case so that a single open conversation cannot fill the inbox on its own.
/// The defaults leave room for many real people at once; a flood is refused with a 429 and the person's text
/// comes back to them.
/// </summary>
internal sealed class SubmissionThrottleOptions
{
    /// <summary>New cases (first requests) per minute, instance-wide.</summary>
    public int NewCasesPerMinute { get; set; } = 300;

    /// <summary>Follow-up messages per minute, instance-wide.</summary>
    public int MessagesPerMinute { get; set; } = 3000;

    /// <summary>Follow-up messages one case may send in a burst.</summary>
    public int MessagesPerCaseBurst { get; set; } = 10;

    /// <summary>Follow-up messages per minute one case may keep sending after its burst.</summary>
    public int MessagesPerCasePerMinute { get; set; } = 6;

    public bool IsValid => NewCasesPerMinute >= 1 && MessagesPerMinute >= 1 && MessagesPerCaseBurst >= 1 && MessagesPerCasePerMinute >= 1;
}
