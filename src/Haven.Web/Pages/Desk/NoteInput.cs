namespace Haven.Web.Pages.Desk;

/// <summary>The note form of the case page, bound only by its handler and without a prefix: the field names are the property names.</summary>
internal sealed class NoteInput
{
    /// <summary>The form's one-time id, so that a double submit stores one note.</summary>
    public string? NoteId { get; set; }

    public string? NoteText { get; set; }
}
