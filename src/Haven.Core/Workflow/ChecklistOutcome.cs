namespace Haven.Workflow;

/// <summary>Why a checklist change was refused.</summary>
internal enum ChecklistOutcome
{
    None,

    /// <summary>The case is not granted to the responder, or the responder may not configure the checklist.</summary>
    NotFound,

    /// <summary>Items are ticked only while the case is in Verification.</summary>
    NotInVerification,

    /// <summary>No such item, or the item is not active.</summary>
    NoSuchItem,
    TextMissing,
    TextTooLong,

    /// <summary>At least one item stays active: an empty checklist would let any case through.</summary>
    LastActiveItem,
}
