using Haven.Web.Files;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk;

/// <summary>
/// Where a desk form lands when the responder's session ended while they were writing (the login challenge
/// sends a POST here with a 307, so the browser sends the same form again): nothing is stored or sent, and
/// the text they wrote comes back so that it is not lost. Files are read past and dropped, never stored.
/// The page acts on nothing, so it needs no token: a forged post only shows its own text, escaped, to its sender.
/// The form is read by <see cref="StreamingForm.ReadTextAsync"/>, with the limits of every upload form.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[StreamedUpload]
internal sealed class SignedOutModel : PageModel
{
    /// <summary>The text fields written, in form order; ids, tokens and choices are left out.</summary>
    public List<string> Texts { get; } = [];

    public int FilesDropped { get; private set; }

    public IActionResult OnGet() => Redirect("/desk/login");

    /// <summary>Takes no parameters on purpose: binding any would make the framework read (and buffer) the form first.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        using var form = await StreamingForm.ReadTextAsync(HttpContext, HttpContext.RequestAborted);
        FilesDropped = form.FilesOffered;
        Texts.AddRange(form.Fields.Where(f => IsText(f.Name) && !string.IsNullOrWhiteSpace(f.Value)).Select(f => f.Value));
        return Page();
    }

    private static bool IsText(string name) =>
        !name.StartsWith("__", StringComparison.Ordinal) && !name.EndsWith("Id", StringComparison.Ordinal) && name is not ("To" or "Urgency" or "Outcome" or "handler");
}
