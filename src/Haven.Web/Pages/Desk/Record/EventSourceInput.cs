namespace Haven.Web.Pages.Desk.Record;

/// <summary>One source row on a form: which source (kept as it was) and what the responder may change: connection, reliability, details.</summary>
internal sealed class EventSourceInput
{
    public string? Id { get; set; }

    /// <summary><c>Case</c> or <c>Outside</c>.</summary>
    public string? Kind { get; set; }

    public string? CaseId { get; set; }

    public string? Connection { get; set; }

    public string? Reliability { get; set; }

    public string? Details { get; set; }
}
