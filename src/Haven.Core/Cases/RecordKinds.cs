namespace Haven.Cases;

/// <summary>Kinds of record, bound into each record's associated data.</summary>
internal static class RecordKinds
{
    public const string Request = "request";

    /// <summary>The person's answers to the guided testimony form (<see cref="Intake.Testimony"/>), with what they wrote.</summary>
    public const string Testimony = "testimony";
    public const string Message = "message";
    public const string Reply = "reply";

    /// <summary>A version of the structured case data (needs, region, dependants, risks, contact, plan, tags).</summary>
    public const string CaseData = "casedata";

    /// <summary>An internal note; never sealed to the person.</summary>
    public const string Note = "note";

    /// <summary>The optional reason given for a workflow transition.</summary>
    public const string Transition = "transition";

    /// <summary>A cleaned working copy of a file (metadata removed); sealed to the case key only, never to the person.</summary>
    public const string FileCopy = "filecopy";
}
