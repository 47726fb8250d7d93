namespace Haven.Act.Actions;

/// <summary>Why a desk command on an Urgent Action did nothing; <see cref="None"/> when it was done.</summary>
internal enum ActDeskOutcome
{
    None = 0,

    /// <summary>The responder's role may not campaign.</summary>
    NotAllowed,

    /// <summary>No such action, target or update.</summary>
    NotFound,

    /// <summary>Someone else changed the action since the page was opened (<see cref="UrgentAction.Revision"/>).</summary>
    ChangedElsewhere,

    /// <summary>Not in a status that allows it (a draft cannot end, an ended action cannot be edited, ...).</summary>
    WrongStatus,

    /// <summary>A language name that is not a known culture, a repeated one, none at all, or too many.</summary>
    LanguageInvalid,

    /// <summary>A text over its length limit.</summary>
    TooLong,

    /// <summary>A text looks like a link to a case (a 32-hex id or a desk address): an action never links to a case.</summary>
    CaseLink,

    /// <summary>Publishing: a language lacks its title, summary, recommended actions or letter template.</summary>
    TextMissing,

    /// <summary>Publishing: no target to write to.</summary>
    NoTarget,

    /// <summary>Publishing: the campaigner did not confirm that no person at risk is named, or that they consented.</summary>
    NoConsent,

    /// <summary>A deadline in the past when publishing, or an outcome that is not one.</summary>
    Invalid,

    /// <summary>A target without a name or title, or an e-mail address that is not one.</summary>
    TargetInvalid,
}
