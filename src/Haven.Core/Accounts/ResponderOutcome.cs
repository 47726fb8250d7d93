namespace Haven.Accounts;

/// <summary>Why a new responder account was refused.</summary>
internal enum ResponderOutcome
{
    None,
    NameInvalid,
    PassphraseTooShort,
    NameTaken,

    /// <summary>The name holds an invisible character, a direction mark, an unusual space or two spaces in a row.</summary>
    NameInvisible,

    /// <summary>The name looks like a responder's name already taken (<see cref="ResponderNames.LookAlike"/>).</summary>
    NameConfusable,
}
