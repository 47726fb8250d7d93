namespace Haven.Web.Pages.Desk.Record;

/// <summary>The "add an act" form of the event page: the act (a new or an existing victim) and, optionally, a first involvement.</summary>
internal sealed class EventActForm
{
    public int BasedOn { get; set; }

    public string? VersionId { get; set; }

    public string? ActId { get; set; }

    public string? Type { get; set; }

    /// <summary>An existing victim's id, or <see cref="NewVictim"/> for the victim typed in <see cref="Victim"/>'s fields.</summary>
    public string? VictimId { get; set; }

    public VictimInput Victim { get; set; } = VictimInput.New();

    public string? VictimStatus { get; set; }

    public string? Method { get; set; }

    public string? Consequences { get; set; }

    public string? Perpetrator { get; set; }

    public string? Degree { get; set; } = EventTestimony.DefaultDegree;

    /// <summary>The value of the victim select that means "a new victim".</summary>
    public const string NewVictim = "new";
}
