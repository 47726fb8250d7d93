namespace Haven.Record.Vocabulary;

/// <summary>
/// The controlled lists of Record (HURIDOCS-style coding). Each is stored in the database (tables
/// <c>vocabulary_terms</c> and <c>vocabulary_term_labels</c>), seeded in English and Russian, and edited by
/// administrators: terms are added, renamed and retired, never deleted, so a term in use always keeps its label.
/// Coding stores a term's key, never its label. The names are stored in the database as they are written here.
/// </summary>
internal enum TermList
{
    /// <summary>The type of an act: arbitrary detention, torture or ill-treatment, killing…</summary>
    ActType,

    /// <summary>The victim's status at the end of an act: held, released, escaped…</summary>
    VictimStatus,

    /// <summary>Who a perpetrator is: state security, police, military, local officials, family…</summary>
    PerpetratorType,

    /// <summary>How a perpetrator took part in an act: carried out, ordered, planned, complicit, suspected.</summary>
    InvolvementDegree,

    /// <summary>How a source of information is connected to an event: the victim, a witness, a relative…</summary>
    SourceConnection,

    /// <summary>A victim's age band.</summary>
    AgeBand,
}
