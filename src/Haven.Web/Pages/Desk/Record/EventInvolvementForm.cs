namespace Haven.Web.Pages.Desk.Record;

/// <summary>The "add an involvement" form of one act on the event page.</summary>
internal sealed class EventInvolvementForm
{
    public int BasedOn { get; set; }

    public string? VersionId { get; set; }

    public string? ActId { get; set; }

    public string? Perpetrator { get; set; }

    public string? Degree { get; set; }
}
