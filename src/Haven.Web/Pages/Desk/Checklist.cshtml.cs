using Haven.Web.Desk;
using Haven.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk;

/// <summary>
/// The verification checklist of the team: add a custom item, deactivate or reactivate, move up or down.
/// Administrators only, because the checklist is the gate of every case; anyone else finds nothing here.
/// </summary>
[Authorize(Roles = "Admin")]
internal sealed class ChecklistModel(ChecklistItemsQuery items) : PageModel
{
    public IReadOnlyList<ChecklistItem> Items { get; private set; } = [];

    public string? Error { get; private set; }

    /// <summary>The new item's text, shown again when it was refused.</summary>
    public string? Text { get; private set; }

    public int MaxItemLength => WorkflowOptions.MaxItemLength;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(string? text, [FromServices] AddChecklistItemCommand add, CancellationToken cancellationToken)
    {
        Text = text;
        return await ResultAsync(await add.ExecuteAsync(text, DeskAuthentication.Current(HttpContext), cancellationToken), cancellationToken);
    }

    public async Task<IActionResult> OnPostActiveAsync(int itemId, bool active, [FromServices] SetChecklistItemActiveCommand set, CancellationToken cancellationToken) =>
        await ResultAsync(await set.ExecuteAsync(itemId, active, DeskAuthentication.Current(HttpContext), cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostMoveAsync(int itemId, string? direction, [FromServices] MoveChecklistItemCommand move, CancellationToken cancellationToken)
    {
        if (direction is not ("up" or "down"))
        {
            return await FailAsync("Error_NoSuchItem", cancellationToken);
        }

        return await ResultAsync(await move.ExecuteAsync(itemId, direction == "up", DeskAuthentication.Current(HttpContext), cancellationToken), cancellationToken);
    }

    private async Task<IActionResult> ResultAsync(ChecklistOutcome problem, CancellationToken cancellationToken) => problem switch
    {
        ChecklistOutcome.None => RedirectToPage("/Desk/Checklist"),
        ChecklistOutcome.NotFound => NotFound(),
        ChecklistOutcome.TextMissing => await FailAsync("Error_ItemMissing", cancellationToken),
        ChecklistOutcome.TextTooLong => await FailAsync("Error_ItemTooLong", cancellationToken),
        ChecklistOutcome.LastActiveItem => await FailAsync("Error_LastActiveItem", cancellationToken),
        _ => await FailAsync("Error_NoSuchItem", cancellationToken),
    };

    private async Task<IActionResult> FailAsync(string error, CancellationToken cancellationToken)
    {
        Error = error;
        Response.StatusCode = error == "Error_LastActiveItem" ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return await ShowAsync(cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        Items = await items.ExecuteAsync(activeOnly: false, cancellationToken);
        return Page();
    }
}
