namespace Haven.Figures.Definition;

/// <summary>What a dimension of a figure is taken from (the coding of Record).</summary>
internal enum FigureAxis
{
    /// <summary>The act's type (term list ActType).</summary>
    ActType,

    /// <summary>The event's start date, by <see cref="PeriodLevel"/>; "unknown" when it has none.</summary>
    Period,

    /// <summary>The event's region at a <see cref="RegionLevel"/> of the gazetteer; "unknown" when it has none.</summary>
    Region,

    /// <summary>The perpetrator types of the act's involvements; "unknown" when it has none.</summary>
    PerpetratorType,

    /// <summary>The victim's status at the end of the act; "unknown" when not coded.</summary>
    VictimStatus,

    /// <summary>The victim's age band; "unknown" when not coded.</summary>
    AgeBand,
}
