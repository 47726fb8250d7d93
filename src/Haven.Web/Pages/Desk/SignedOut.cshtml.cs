using Haven.Web.Files;
using Haven.Web.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Haven.Web.Pages.Desk;

/// <summary>
/// Where a desk form lands when the responder's session ended while they were writing (the login challenge
/// sends a POST here with a 307, so the browser sends the same form again): nothing is stored or sent, and
/// the text they wrote comes back so that it is not lost. Files are read past and dropped, never stored.
/// The page acts on nothing, so it needs no token (the token in the form was made for the ended session), but
/// it answers only a same-origin POST (<see cref="SameOrigin"/>): another site's form gets a 403, so that its
/// text is never shown on Haven's page as if Haven said it.
/// The form is read by <see cref="StreamingFormReader.ReadTextAsync"/>, with the limits of every upload form.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[StreamedUpload]
internal sealed class SignedOutModel(IOptions<AntiforgeryOptions> antiforgery, StreamingFormReader reader) : PageModel
{
    /// <summary>The text fields written, in form order; ids, tokens and choices are left out.</summary>
    public List<string> Texts { get; } = [];

    public int FilesDropped { get; private set; }

    public IActionResult OnGet() => RedirectToPage("/Desk/Login");

    /// <summary>Takes no parameters on purpose: binding any would make the framework read (and buffer) the form first.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (!SameOrigin.IsSameOriginPost(Request, antiforgery.Value.Cookie.Name!))
        {
            // Not read: the body is left where it is and the connection closed after the answer.
            Response.Headers.Connection = "close";
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        using var form = await reader.ReadTextAsync(HttpContext, HttpContext.RequestAborted);
        FilesDropped = form.FilesOffered;
        Texts.AddRange(form.Fields.Where(f => IsText(f.Name) && !string.IsNullOrWhiteSpace(f.Value)).Select(f => f.Value));
        return Page();
    }

    private static bool IsText(string name) =>
        !name.StartsWith("__", StringComparison.Ordinal) && !name.EndsWith("Id", StringComparison.Ordinal) && name is not ("To" or "Urgency" or "Outcome" or "handler");
}
