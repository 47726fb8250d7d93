using Haven.Accounts;
using Haven.Figures.Definition;
using Haven.Record.Vocabulary;

namespace Haven.Figures.Releases;

/// <summary>What a figure's definition, titles and notes must be, and who may prepare, approve and withdraw.</summary>
internal static class FigureDefinitionRules
{
    /// <summary>The longest title, in characters.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>The longest change note or withdrawal reason, in characters.</summary>
    public const int MaxNoteLength = 2000;

    /// <summary>Administrators and analysts prepare, approve, discard and withdraw figures.</summary>
    public static bool MayPublish(ResponderRole role) => role is ResponderRole.Admin or ResponderRole.Analyst;

    /// <summary>
    /// The first problem with <paramref name="definition"/>, as a short key (<c>same_axis</c>, <c>unit</c>,
    /// <c>axis</c>, <c>level</c>, <c>status</c>, <c>reliability</c>, <c>period</c>), or null when it is valid.
    /// </summary>
    public static string? Problem(FigureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!Enum.IsDefined(definition.Unit))
        {
            return "unit";
        }

        FigureDimension[] dimensions = definition.Columns is { } columns ? [definition.Rows, columns] : [definition.Rows];
        if (dimensions.Any(d => d is null || !Enum.IsDefined(d.Axis)))
        {
            return "axis";
        }

        if (dimensions.Any(d => !Enum.IsDefined(d.Period) || !Enum.IsDefined(d.Region)))
        {
            return "level";
        }

        if (definition.Columns is not null && definition.Columns.Axis == definition.Rows.Axis)
        {
            return "same_axis";
        }

        if (definition.Statuses is null || definition.Statuses.Any(s => !Enum.IsDefined(s)) || definition.Statuses.Distinct().Count() != definition.Statuses.Count)
        {
            return "status";
        }

        if (definition.MinReliability is < 0 or > Reliability.Max)
        {
            return "reliability";
        }

        return definition.From is { } from && definition.To is { } to && from > to ? "period" : null;
    }

    /// <summary>A title, change note or reason with runs of white space made one space; empty when there is none.</summary>
    public static string Normalize(string? text) => string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
