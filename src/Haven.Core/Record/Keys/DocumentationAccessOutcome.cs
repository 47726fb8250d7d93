namespace Haven.Record.Keys;

/// <summary>What a grant, revocation or rotation of documentation access did, or why it did nothing.</summary>
internal enum DocumentationAccessOutcome
{
    Done,

    /// <summary>Already so: the grantee holds every generation the granter holds, or the revoked responder holds none.</summary>
    Unchanged,

    /// <summary>The actor is not an administrator holding documentation access, or acts on themselves.</summary>
    NotAllowed,

    /// <summary>No active responder with that id.</summary>
    NoSuchResponder,

    /// <summary>The responder's role never holds documentation access (caseworkers).</summary>
    NotEntitled,
}
