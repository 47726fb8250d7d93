namespace Haven.Record.Vocabulary;

/// <summary>Who an event may be shared with (fixed; labels <c>Record.Confidentiality.*</c>).</summary>
internal enum Confidentiality
{
    /// <summary>The team only; the default.</summary>
    Restricted,

    /// <summary>Trusted documentation partners under agreement.</summary>
    Confidential,

    /// <summary>May be published.</summary>
    Public,
}
