using Haven.Record.Events;
using Haven.Record.Index;
using Haven.Record.Vocabulary;
using Microsoft.Extensions.Localization;

namespace Haven.Web.Pages.Desk.Record;

/// <summary>How the event and victim pages name things: a victim by pseudonym for those who hold its case, otherwise by a short id with its coding; a date with its precision.</summary>
internal static class EventText
{
    /// <summary>"Pseudonym (age band, unit)" for a holder; "victim 1a2b3c4d (age band, unit)" when the pseudonym cannot be read.</summary>
    public static string VictimLabel(VictimView victim, EventChoices choices, IStringLocalizer t) =>
        VictimLabel(victim.Id, victim.Pseudonym, victim.Coding, choices, t);

    /// <summary>A victim as a coding-only reader sees it: a short id with the coding.</summary>
    public static string VictimLabel(string id, IndexedVictim? victim, EventChoices choices, IStringLocalizer t) =>
        VictimLabel(id, null, victim?.Coding, choices, t);

    /// <summary>The coding of a victim in words: age band, counting unit and group size.</summary>
    public static string VictimCoding(VictimCoding? coding, EventChoices choices, IStringLocalizer t)
    {
        if (coding is null)
        {
            return "";
        }

        var parts = new List<string>();
        if (coding.AgeBand is not null)
        {
            parts.Add(choices.Term(TermList.AgeBand, coding.AgeBand));
        }

        parts.Add(coding.Unit == CountingUnit.Group && coding.GroupSize is { } size ? t["Record.Victim.GroupOf", size] : t["Record.CountingUnit." + coding.Unit]);
        return string.Join(", ", parts);
    }

    /// <summary>A date with its precision, e.g. "2017-03 (month)"; "unknown" when there is none.</summary>
    public static string Date(PartialDate? date, IStringLocalizer t) =>
        date is { } d ? $"{d} ({t["Record.DatePrecision." + d.Precision]})" : t["Record.DatePrecision.Unknown"];

    private static string VictimLabel(string id, string? pseudonym, VictimCoding? coding, EventChoices choices, IStringLocalizer t)
    {
        var name = pseudonym ?? t["Record.Victim.ShortId", DeskText.ShortId(id)];
        var details = VictimCoding(coding, choices, t);
        return details.Length == 0 ? name : $"{name} ({details})";
    }
}
