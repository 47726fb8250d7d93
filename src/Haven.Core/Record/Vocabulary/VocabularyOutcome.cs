namespace Haven.Record.Vocabulary;

/// <summary>Why a change of a controlled list or of the gazetteer was refused, or that there was nothing to change.</summary>
internal enum VocabularyOutcome
{
    None,

    /// <summary>The list or region already reads so: nothing written.</summary>
    Unchanged,

    /// <summary>The responder may not edit the lists (<see cref="VocabularyRoles.CanEdit"/>).</summary>
    NotAllowed,

    /// <summary>No term with that key in that list.</summary>
    UnknownTerm,

    /// <summary>No country or region with that code.</summary>
    UnknownRegion,

    /// <summary>A code that is not <c>[A-Za-z0-9_-]{1,64}</c>.</summary>
    InvalidCode,

    /// <summary>A culture name that is not well formed.</summary>
    InvalidCulture,

    /// <summary>A label too long or with control characters.</summary>
    InvalidLabel,

    /// <summary>No English label: every term and region has one, the label every other language falls back to.</summary>
    MissingEnglishLabel,

    /// <summary>The parent is not a country of the gazetteer (it is unknown, or itself a region).</summary>
    InvalidParent,

    /// <summary>A country that has regions cannot become a region itself: the gazetteer has two levels.</summary>
    HasRegions,

    /// <summary>The gazetteer would hold more than <see cref="RecordOptions.MaxRegions"/>.</summary>
    TooManyRegions,
}
