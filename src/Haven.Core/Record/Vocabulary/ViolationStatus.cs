namespace Haven.Record.Vocabulary;

/// <summary>How sure the team is that an event was a violation (fixed; labels <c>Record.ViolationStatus.*</c>).</summary>
internal enum ViolationStatus
{
    Confirmed,
    Likely,
    Possible,
    Unlikely,
    Unknown,
}
