namespace Haven.Act.Reports;

/// <summary>How a <see cref="ReportBlock"/> is set.</summary>
internal enum ReportBlockKind
{
    /// <summary>Large and bold: the action's number and title.</summary>
    Title,

    /// <summary>Bold: a section's heading.</summary>
    Heading,

    /// <summary>Bold and a little larger: the sentence with the numbers.</summary>
    Lead,

    Paragraph,

    /// <summary>An item of a list, set after a bullet.</summary>
    Item,
}
