namespace Haven.Act;

/// <summary>How a supporter's letter went: through Haven's mail sender, or sent by the supporter themselves (self-declared).</summary>
internal enum LetterChannel
{
    /// <summary>E-mailed through Haven's outbox; counted when delivered.</summary>
    Haven = 0,

    /// <summary>The supporter's own e-mail.</summary>
    OwnEmail = 1,

    Post = 2,

    Fax = 3,

    Social = 4,
}
