namespace Haven.Web.Pages.Intake;

/// <summary>The bound request form.</summary>
internal sealed class RequestInputModel
{
    public string? RecordId { get; set; }

    public string? Ticket { get; set; }

    public string? Receipt { get; set; }

    public List<string> Help { get; set; } = [];

    public string? Urgency { get; set; }

    public string? Text { get; set; }

    public string? Contact { get; set; }
}
