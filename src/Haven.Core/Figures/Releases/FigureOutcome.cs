namespace Haven.Figures.Releases;

/// <summary>What a figure command did, or why it did nothing.</summary>
internal enum FigureOutcome
{
    /// <summary>Done (or already done: a repeated form).</summary>
    Done,

    /// <summary>No such release or figure.</summary>
    NotFound,

    /// <summary>The responder's role may not do this.</summary>
    NotAllowed,

    /// <summary>The instance has no documentation key, or the responder does not hold its current generation.</summary>
    NoDocumentationKey,

    /// <summary>The definition or a field is not valid (<see cref="FigureDefinitionRules.Problem"/> says which).</summary>
    Invalid,

    /// <summary>A dimension has more categories than <see cref="FiguresOptions.MaxCategories"/>.</summary>
    TooManyCategories,

    /// <summary>The English title is missing.</summary>
    TitleRequired,

    /// <summary>A correction must say what changed.</summary>
    ChangeNoteRequired,

    /// <summary>Another version of the figure is already waiting for approval.</summary>
    AlreadyWaiting,

    /// <summary>The preparer cannot approve their own release.</summary>
    SamePerson,

    /// <summary>The release is not waiting for approval (published, withdrawn or discarded).</summary>
    NotPrepared,

    /// <summary>The release is not published (only a published release can be withdrawn).</summary>
    NotPublished,

    /// <summary>Another version of the figure was published after this one was prepared: prepare it again.</summary>
    Stale,

    /// <summary>A withdrawal must give its reason.</summary>
    ReasonRequired,

    /// <summary>The basis of an earlier version does not open with the responder's documentation keys.</summary>
    EarlierUnreadable,

    /// <summary>
    /// The disclosure audit did not pass (<see cref="Disclosure.DisclosureAuditResult.Passed"/>): earlier versions, with
    /// what this one repeats, narrow a band that nothing in this version can widen again. Never prepared or published.
    /// </summary>
    AuditFailed,
}
