namespace Haven.Web.Pages.Desk.Record;

/// <summary>The "add a source" form of the event page: another case the responder holds, or an outside source with its details.</summary>
internal sealed class EventSourceForm
{
    public int BasedOn { get; set; }

    public string? VersionId { get; set; }

    public string? SourceId { get; set; }

    /// <summary><c>Case</c> or <c>Outside</c>.</summary>
    public string? Kind { get; set; } = "Outside";

    /// <summary>A case id, or the address of its desk page.</summary>
    public string? CaseId { get; set; }

    public string? Connection { get; set; }

    public string? Reliability { get; set; } = "3";

    public string? Details { get; set; }

    /// <summary>The case id in <see cref="CaseId"/>: the id itself, or the last part of a <c>/desk/case/&lt;id&gt;</c> address.</summary>
    public string? CaseIdOnly()
    {
        var text = CaseId?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var cut = text.IndexOfAny(['#', '?']);
        return (cut >= 0 ? text[..cut] : text).TrimEnd('/').Split('/')[^1];
    }
}
