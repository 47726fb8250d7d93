using Haven.Cases;
using Haven.Crypto;
using Haven.Intake;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Haven.Web.Pages.Desk;

/// <summary>A case: the decrypted conversation, a reply form, close and reopen. Not granted = not found.</summary>
[Authorize]
internal sealed class CaseModel(CaseQuery query, ReplyCommand reply, SetCaseStateCommand setState, TimeProvider clock, IOptions<IntakeOptions> options) : PageModel
{
    public CaseView? View { get; private set; }

    public List<string> Errors { get; } = [];

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? RecordId { get; set; }

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public int MaxTextLength => options.Value.MaxTextLength;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        RecordId = RandomId.New();
        return await ShowAsync(id, cancellationToken);
    }

    public async Task<IActionResult> OnPostReplyAsync(string id, CancellationToken cancellationToken)
    {
        var outcome = await reply.ExecuteAsync(id, RecordId ?? "", Text, DeskAuthentication.Current(HttpContext), cancellationToken);
        switch (outcome)
        {
            case ReplyOutcome.Sent:
                return Redirect($"/desk/case/{id}");
            case ReplyOutcome.NotFound:
                return NotFound();
            default:
                Errors.Add(outcome switch
                {
                    ReplyOutcome.TextMissing => "Error_TextMissing",
                    ReplyOutcome.TextTooLong => "Error_TextTooLong",
                    _ => "Error_FormExpired",
                });
                RecordId = RandomId.New();
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return await ShowAsync(id, cancellationToken);
        }
    }

    public async Task<IActionResult> OnPostStateAsync(string id, string? state, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<CaseState>(state, out var target) || !Enum.IsDefined(target) || target == CaseState.New)
        {
            return BadRequest();
        }

        return await setState.ExecuteAsync(id, target, DeskAuthentication.Current(HttpContext), cancellationToken)
            ? Redirect($"/desk/case/{id}")
            : NotFound();
    }

    private async Task<IActionResult> ShowAsync(string id, CancellationToken cancellationToken)
    {
        if (!CaseRecords.IsValidId(id))
        {
            return NotFound();
        }

        View = await query.ExecuteAsync(id, DeskAuthentication.Current(HttpContext), cancellationToken);
        return View is null ? NotFound() : Page();
    }
}
