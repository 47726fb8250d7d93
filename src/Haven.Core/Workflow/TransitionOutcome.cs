namespace Haven.Workflow;

/// <summary>Why a workflow step was refused.</summary>
internal enum TransitionOutcome
{
    None,

    /// <summary>The responder holds no key of the case (or it does not exist).</summary>
    NotFound,
    FormExpired,

    /// <summary>The step is not one the workflow allows from the current state.</summary>
    NotAllowed,

    /// <summary>Someone else moved the case meanwhile; the form no longer matches it.</summary>
    Moved,
    OutcomeRequired,
    ReasonTooLong,

    /// <summary>Verification → Planning with an active checklist item not ticked.</summary>
    ChecklistIncomplete,

    /// <summary>Verification → Planning by the one responder who ticked every item.</summary>
    SecondPersonRequired,
}
