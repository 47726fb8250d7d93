namespace Haven.Web.Pages.Desk.Record;

/// <summary>One act row on a form: its id (given with the form), type, victim, the victim's status, words and involvements. A row without a type is left out.</summary>
internal sealed class EventActInput
{
    public string? Id { get; set; }

    public string? Type { get; set; }

    /// <summary>A victim id: an existing victim of the case, or the id of a new victim row of the same form.</summary>
    public string? Victim { get; set; }

    public string? VictimStatus { get; set; }

    public string? Method { get; set; }

    public string? Consequences { get; set; }

    public List<EventInvolvementInput> Involvements { get; set; } = [];
}
