using Haven.Crypto;
using Haven.Record.Events;
using Haven.Record.Vocabulary;
using Haven.Text;

namespace Haven.Web.Pages.Desk.Record;

/// <summary>A victim on a form: ids given with the form (so a repeated form stores one victim), a pseudonym (never a name), age band, counting unit and group size.</summary>
internal sealed class VictimInput
{
    public string? Id { get; set; }

    public string? VersionId { get; set; }

    /// <summary>The version the form was based on; null for a new victim.</summary>
    public int? BasedOn { get; set; }

    public string? Pseudonym { get; set; }

    public string? AgeBand { get; set; }

    public string? Unit { get; set; }

    public string? GroupSize { get; set; }

    /// <summary>Whether anything was typed in a new victim row.</summary>
    public bool IsBlank => string.IsNullOrWhiteSpace(Pseudonym);

    /// <summary>A fresh row for a new victim.</summary>
    public static VictimInput New(string? pseudonym = null, CountingUnit unit = CountingUnit.Individual, int? groupSize = null) =>
        new() { Id = RandomId.New(), VersionId = RandomId.New(), Pseudonym = pseudonym, Unit = unit.ToString(), GroupSize = groupSize?.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>The form of a stored victim.</summary>
    public static VictimInput From(VictimView victim) => new()
    {
        Id = victim.Id,
        VersionId = RandomId.New(),
        BasedOn = victim.Number,
        Pseudonym = victim.Pseudonym,
        AgeBand = victim.Coding?.AgeBand,
        Unit = (victim.Coding?.Unit ?? CountingUnit.Individual).ToString(),
        GroupSize = victim.Coding?.GroupSize?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The coding and narrative typed; null with the reason when the form cannot say them.</summary>
    public (VictimCoding Coding, VictimNarrative Narrative)? ToVictim(out RecordWriteOutcome problem)
    {
        problem = RecordWriteOutcome.Saved;
        if (!RandomId.IsValid(Id) || !RandomId.IsValid(VersionId))
        {
            problem = RecordWriteOutcome.FormExpired;
            return null;
        }

        if (!EnumNames.TryParse<CountingUnit>(Unit, out var unit))
        {
            problem = RecordWriteOutcome.UnknownTerm;
            return null;
        }

        int? size = null;
        if (!string.IsNullOrWhiteSpace(GroupSize))
        {
            if (!int.TryParse(GroupSize.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                problem = RecordWriteOutcome.InvalidGroupSize;
                return null;
            }

            size = parsed;
        }

        // A size typed for an individual or a family is not an error of the person typing: it is ignored.
        var coding = new VictimCoding { AgeBand = string.IsNullOrEmpty(AgeBand) ? null : AgeBand, Unit = unit, GroupSize = unit == CountingUnit.Group ? size : null };
        return (coding, new VictimNarrative { Pseudonym = Pseudonym ?? "" });
    }
}
