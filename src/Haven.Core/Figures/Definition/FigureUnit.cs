namespace Haven.Figures.Definition;

/// <summary>What one count of a figure is.</summary>
internal enum FigureUnit
{
    /// <summary>People: distinct victims, a group counted as its size (as the documentation list counts people).</summary>
    Victims,

    /// <summary>Coded acts (one act is one victim suffering one act type in one event).</summary>
    Acts,

    /// <summary>Distinct events.</summary>
    Events,
}
