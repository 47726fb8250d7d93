using Haven.Act.Actions;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk.Act;

/// <summary>Starts a draft: its languages ("en, ru"); the texts are written on the edit page next.</summary>
[Authorize(Roles = "Admin,Campaigner")]
internal sealed class ActNewModel(CreateActionCommand create) : PageModel
{
    [BindProperty]
    public string Languages { get; set; } = "en, ru";

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (problem, id) = await create.ExecuteAsync(Languages, DeskAuthentication.Current(HttpContext), cancellationToken);
        if (problem == ActDeskOutcome.None)
        {
            return RedirectToPage("/Desk/Act/Edit", new { id });
        }

        Error = ActDeskText.ErrorKey(problem);
        Response.StatusCode = problem == ActDeskOutcome.NotAllowed ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
        return Page();
    }
}
