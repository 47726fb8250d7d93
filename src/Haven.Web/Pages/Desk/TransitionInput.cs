namespace Haven.Web.Pages.Desk;

/// <summary>
/// The workflow form of the case page, bound only by its handler and without a prefix: the field names are
/// the property names (<c>To</c> is the button pressed, <c>From</c> the state the page showed).
/// </summary>
internal sealed class TransitionInput
{
    public string? To { get; set; }

    public string? From { get; set; }

    /// <summary>The outcome chosen when closing; empty for any other step.</summary>
    public string? Outcome { get; set; }

    public string? Reason { get; set; }

    /// <summary>The form's one-time id, so that a double submit moves the case once.</summary>
    public string? TransitionId { get; set; }
}
