namespace Haven.Workflow;

/// <summary>The default checklist: what field teams check before anything operational is shared.</summary>
internal static class DefaultChecklist
{
    public static readonly IReadOnlyList<string> Keys =
    [
        "vouched",          // a trusted partner or reference vouches for the person
        "consistent",       // the story is consistent across conversations and with what is known
        "independent",      // a detail was confirmed through a channel the person did not choose
        "not_bait",         // no sign of a set-up: pressure to meet, requests for names or addresses of others
        "safe_channel",     // the contact channel is safe and controlled by the person alone
    ];
}
