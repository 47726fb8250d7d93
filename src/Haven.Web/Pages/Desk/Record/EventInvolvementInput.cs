namespace Haven.Web.Pages.Desk.Record;

/// <summary>One involvement row of an act on a form: a perpetrator type and a degree (a row without a perpetrator is left out).</summary>
internal sealed class EventInvolvementInput
{
    public string? Perpetrator { get; set; }

    public string? Degree { get; set; }
}
