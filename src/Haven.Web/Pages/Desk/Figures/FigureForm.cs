using System.Globalization;
using System.Text;
using Haven.Figures.Definition;
using Haven.Record.Events;
using Haven.Record.Vocabulary;
using Haven.Text;

namespace Haven.Web.Pages.Desk.Figures;

/// <summary>
/// A figure's definition as the desk's form sends it, every value as typed (a GET form, so that a preview is an
/// address the analyst can keep and the coarsening hints are plain links): <c>unit</c>, <c>rows</c>,
/// <c>columns</c> (empty for one dimension), <c>status</c> (repeated; none for any), <c>reliability</c>,
/// <c>corroborated</c> (<c>yes</c> or empty), <c>from</c> and <c>to</c> (a year, a month or a day, as the
/// documentation list reads them). <see cref="Parse"/> turns it into a <see cref="FigureDefinition"/> or names
/// what is wrong (a resx key), so that a malformed value is a localized 400 with the form as it was typed.
/// </summary>
internal sealed record FigureForm(
    string? Unit = null,
    string? Rows = null,
    string? Columns = null,
    IReadOnlyList<string>? Statuses = null,
    string? Reliability = null,
    string? Corroborated = null,
    string? From = null,
    string? To = null)
{
    /// <summary>The value of <c>corroborated</c> that asks for corroborated events only.</summary>
    public const string Yes = "yes";

    /// <summary>The form's choices of a dimension, in the order offered, by their value in the form.</summary>
    public static IReadOnlyList<(string Value, FigureDimension Dimension)> Dimensions { get; } =
    [
        ("act_type", new FigureDimension { Axis = FigureAxis.ActType }),
        ("month", new FigureDimension { Axis = FigureAxis.Period, Period = PeriodLevel.Month }),
        ("quarter", new FigureDimension { Axis = FigureAxis.Period, Period = PeriodLevel.Quarter }),
        ("year", new FigureDimension { Axis = FigureAxis.Period, Period = PeriodLevel.Year }),
        ("country", new FigureDimension { Axis = FigureAxis.Region, Region = RegionLevel.Country }),
        ("region", new FigureDimension { Axis = FigureAxis.Region, Region = RegionLevel.Region }),
        ("perpetrator_type", new FigureDimension { Axis = FigureAxis.PerpetratorType }),
        ("victim_status", new FigureDimension { Axis = FigureAxis.VictimStatus }),
        ("age_band", new FigureDimension { Axis = FigureAxis.AgeBand }),
    ];

    /// <summary>The form's choices of the counting unit, by their value in the form.</summary>
    public static IReadOnlyList<(string Value, FigureUnit Unit)> Units { get; } =
        [("victims", FigureUnit.Victims), ("acts", FigureUnit.Acts), ("events", FigureUnit.Events)];

    /// <summary>The form's value of a violation status (<c>confirmed</c>, ...).</summary>
    public static string StatusValue(ViolationStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The form's value of <paramref name="dimension"/> (its level included).</summary>
    public static string Value(FigureDimension dimension)
    {
        ArgumentNullException.ThrowIfNull(dimension);
        return Dimensions.First(d => Same(d.Dimension, dimension)).Value;
    }

    /// <summary>The form that asks for <paramref name="definition"/>, as the page would send it.</summary>
    public static FigureForm Of(FigureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new FigureForm(
            Units.First(u => u.Unit == definition.Unit).Value,
            Value(definition.Rows),
            definition.Columns is { } columns ? Value(columns) : null,
            [.. definition.Statuses.Select(StatusValue)],
            definition.MinReliability > 0 ? definition.MinReliability.ToString(CultureInfo.InvariantCulture) : null,
            definition.CorroboratedOnly ? Yes : null,
            definition.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            definition.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    public bool HasStatus(ViolationStatus status) => Statuses?.Contains(StatusValue(status), StringComparer.OrdinalIgnoreCase) == true;

    /// <summary>The definition this form asks for, or the resx key of the first thing wrong with it.</summary>
    public (FigureDefinition? Definition, string? Error) Parse()
    {
        var definition = new FigureDefinition();
        if (Given(Unit) is { } unitText)
        {
            if (!Units.Any(u => u.Value == unitText))
            {
                return (null, "Figures.Desk.Error.Unit");
            }

            definition = definition with { Unit = Units.First(u => u.Value == unitText).Unit };
        }

        if (Given(Rows) is not { } rowsText)
        {
            return (null, "Figures.Desk.Error.RowsRequired");
        }

        if (!Dimensions.Any(d => d.Value == rowsText))
        {
            return (null, "Figures.Desk.Error.Dimension");
        }

        definition = definition with { Rows = Dimensions.First(d => d.Value == rowsText).Dimension };
        if (Given(Columns) is { } columnsText)
        {
            if (!Dimensions.Any(d => d.Value == columnsText))
            {
                return (null, "Figures.Desk.Error.Dimension");
            }

            var columns = Dimensions.First(d => d.Value == columnsText).Dimension;
            if (columns.Axis == definition.Rows.Axis)
            {
                return (null, "Figures.Desk.Error.SameAxis");
            }

            definition = definition with { Columns = columns };
        }

        var statuses = new List<ViolationStatus>();
        foreach (var text in Statuses ?? [])
        {
            if (Given(text) is not { } given)
            {
                continue;
            }

            if (!EnumNames.TryParse<ViolationStatus>(given, out var status, ignoreCase: true))
            {
                return (null, "Figures.Desk.Error.Status");
            }

            if (!statuses.Contains(status))
            {
                statuses.Add(status);
            }
        }

        definition = definition with { Statuses = [.. statuses.Order()] };
        if (Given(Reliability) is { } reliabilityText)
        {
            if (!int.TryParse(reliabilityText, NumberStyles.None, CultureInfo.InvariantCulture, out var reliability) || !Haven.Record.Vocabulary.Reliability.IsValid(reliability))
            {
                return (null, "Figures.Desk.Error.Reliability");
            }

            definition = definition with { MinReliability = reliability };
        }

        switch (Given(Corroborated))
        {
            case null:
                break;
            case Yes:
                definition = definition with { CorroboratedOnly = true };
                break;
            default:
                return (null, "Figures.Desk.Error.Corroborated");
        }

        if (Given(From) is { } fromText)
        {
            if (PartialDate.Parse(fromText) is not { } from)
            {
                return (null, "Figures.Desk.Error.Date");
            }

            definition = definition with { From = from.First };
        }

        if (Given(To) is { } toText)
        {
            if (PartialDate.Parse(toText) is not { } to)
            {
                return (null, "Figures.Desk.Error.Date");
            }

            definition = definition with { To = to.Last };
        }

        if (definition.From > definition.To)
        {
            return (null, "Figures.Desk.Error.Period");
        }

        return (definition, null);
    }

    /// <summary>The form's parameters by name, in the form's order (a status once per status); empty ones left out.</summary>
    public IEnumerable<(string Name, string Value)> Parameters()
    {
        (string, string?)[] single = [("unit", Unit), ("rows", Rows), ("columns", Columns)];
        (string, string?)[] rest = [("reliability", Reliability), ("corroborated", Corroborated), ("from", From), ("to", To)];
        foreach (var (name, value) in single.Concat((Statuses ?? []).Select(s => ("status", (string?)s))).Concat(rest))
        {
            if (Given(value) is { } given)
            {
                yield return (name, given);
            }
        }
    }

    /// <summary>The query string of this form (with <c>?</c>), plus <paramref name="extra"/> parameters.</summary>
    public string Query(params (string Name, string? Value)[] extra)
    {
        var query = new StringBuilder();
        foreach (var (name, value) in Parameters().Select(p => (p.Name, (string?)p.Value)).Concat(extra))
        {
            if (Given(value) is { } given)
            {
                query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(given));
            }
        }

        return query.ToString();
    }

    private static bool Same(FigureDimension a, FigureDimension b) =>
        a.Axis == b.Axis
        && (a.Axis != FigureAxis.Period || a.Period == b.Period)
        && (a.Axis != FigureAxis.Region || a.Region == b.Region);

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
