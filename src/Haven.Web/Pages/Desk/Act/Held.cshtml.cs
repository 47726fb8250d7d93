using Haven.Act;
using Haven.Act.Actions;
using Haven.Act.Letters;
using Microsoft.AspNetCore.Mvc;

namespace Haven.Web.Pages.Desk.Act;

/// <summary>
/// The moderation queue of an action: each held letter (opened for the campaigner: name, town, subject, text) or
/// declaration, to approve (the letter is queued, the declaration counted) or refuse (deleted, only counted as
/// refused). Nothing of a supporter is kept once decided.
/// </summary>
internal sealed class ActHeldModel(ActDeskQuery query, ActSecrets secrets, LetterAcceptance acceptance) : ActDeskPage(query)
{
    private readonly ActDeskQuery _query = query;

    /// <summary>A held row and, for a letter, what the supporter wrote (null when it does not open, or for a declaration).</summary>
    public sealed record HeldView(HeldSubmission Held, SupporterLetter? Letter);

    public IReadOnlyList<HeldView> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, string? done, CancellationToken cancellationToken)
    {
        if (!await LoadHeldAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Notice = done is "approved" or "refused" ? "Act.Desk.Held.Done." + done : null;
        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync(string id, string? heldId, CancellationToken cancellationToken) =>
        DecideAsync(id, heldId, approve: true, cancellationToken);

    public Task<IActionResult> OnPostRefuseAsync(string id, string? heldId, CancellationToken cancellationToken) =>
        DecideAsync(id, heldId, approve: false, cancellationToken);

    /// <summary>The target's name for a held row, or "" for the action as a whole.</summary>
    public string TargetOf(HeldSubmission held) =>
        Item.Targets.FirstOrDefault(t => t.Id == held.TargetId) is { } target ? ActDeskText.TargetName(target) : "";

    private async Task<IActionResult> DecideAsync(string id, string? heldId, bool approve, CancellationToken cancellationToken)
    {
        if (!await LoadHeldAsync(id, cancellationToken))
        {
            return NotFound();
        }

        // Only a row of this action: the page never decides another action's letters.
        if (Rows.All(r => r.Held.Id != heldId))
        {
            return await FailAsync(id, "Act.Desk.Held.Gone", StatusCodes.Status404NotFound, cancellationToken);
        }

        var outcome = approve ? await acceptance.ReleaseHeldAsync(heldId!, Me, cancellationToken) : await acceptance.RefuseHeldAsync(heldId!, Me, cancellationToken);
        return outcome switch
        {
            LetterOutcome.Done => RedirectToPage("/Desk/Act/Held", new { id, done = approve ? "approved" : "refused" }),
            LetterOutcome.NoEmail => await FailAsync(id, "Act.Desk.Held.NoEmail", StatusCodes.Status409Conflict, cancellationToken),
            LetterOutcome.NotAllowed => await FailAsync(id, "Act.Desk.Error.NotAllowed", StatusCodes.Status403Forbidden, cancellationToken),
            _ => await FailAsync(id, "Act.Desk.Held.Gone", StatusCodes.Status404NotFound, cancellationToken),
        };
    }

    private async Task<IActionResult> FailAsync(string id, string error, int status, CancellationToken cancellationToken)
    {
        await LoadHeldAsync(id, cancellationToken);
        Error = error;
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadHeldAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return false;
        }

        Rows = [.. (await _query.HeldAsync(id, cancellationToken)).Select(h => new HeldView(
            h,
            h.SealedLetter is null ? null : secrets.Open(h.SealedLetter, ActSecrets.Held, h.Id) is { } json ? ActJson.Read<SupporterLetter>(json) : null))];
        return true;
    }
}
