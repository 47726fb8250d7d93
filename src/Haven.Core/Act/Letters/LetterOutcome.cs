namespace Haven.Act.Letters;

/// <summary>What became of a supporter's letter or declaration, or of a campaigner's decision on a held one.</summary>
internal enum LetterOutcome
{
    /// <summary>The letter is in the mail outbox (it counts once the SMTP server accepts it).</summary>
    Queued = 0,

    /// <summary>The declaration was counted.</summary>
    Counted = 1,

    /// <summary>The action is moderated: the letter or declaration waits for a campaigner.</summary>
    Held = 2,

    /// <summary>The form was already used: nothing is counted again (the supporter sees the same thank-you page).</summary>
    Replayed = 3,

    /// <summary>Too many letters this hour, for the action or the instance; nothing was stored.</summary>
    Throttled = 4,

    /// <summary>No such action (or a draft), no such held row.</summary>
    NotFound = 5,

    /// <summary>The action is not live (ended): it takes no more letters.</summary>
    Closed = 6,

    /// <summary>The target is not one of the action's targets, or the language not one of its languages.</summary>
    NoSuchTarget = 7,

    /// <summary>Mail is off, or the target has no e-mail address: only "I sent it myself" is possible.</summary>
    NoEmail = 8,

    /// <summary>The form's token is missing, forged, for another action or expired: the form is shown again with a new one.</summary>
    TokenInvalid = 9,

    /// <summary>A field is missing, too long or malformed (name, town, subject, body, country, channel).</summary>
    Invalid = 10,

    /// <summary>The responder may not moderate (only administrators and campaigners).</summary>
    NotAllowed = 11,

    /// <summary>A held letter was approved (queued or counted) or refused.</summary>
    Done = 12,
}
