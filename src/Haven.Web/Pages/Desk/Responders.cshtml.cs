using Haven.Accounts;
using Haven.Cases;
using Haven.Crypto;
using Haven.Record.Keys;
using Haven.Web.Desk;
using Haven.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Haven.Web.Pages.Desk;

/// <summary>
/// Responder administration. Administrators invite responders by one-time link, and disable or re-enable
/// accounts (never their own); administrators and coordinators can give a responder every case they hold.
/// Administrators also see who holds documentation access and grant or revoke it (issue 15: a revocation
/// rotates the documentation key), or rotate the key by hand. Everyone else gets 404. Making an invitation is post-redirect-get: the POST keeps the link for a moment
/// (<see cref="InvitationLinks"/>, memory only) and answers 303 to a GET that shows it once to the same
/// session; a reload shows it no more and makes nothing. The database keeps nothing but the token's hash.
/// </summary>
[Authorize(Roles = "Admin,Coordinator")]
internal sealed class RespondersModel(
    ResponderListQuery list,
    CreateInvitationCommand invite,
    SetResponderActiveCommand setActive,
    GrantAllCasesCommand grantAll,
    DocumentationKeys documentation,
    DeskSessions sessions,
    InvitationLinks links,
    IOptions<InvitationOptions> invitationOptions) : PageModel
{
    public IReadOnlyList<ResponderSummary> Responders { get; private set; } = [];

    public UnlockedResponder Me => DeskAuthentication.Current(HttpContext);

    public bool IsAdmin => Me.Role == ResponderRole.Admin;

    public string? InviteLink { get; private set; }

    public ResponderRole? InvitedRole { get; private set; }

    public int InviteHours => (int)Math.Ceiling(invitationOptions.Value.Lifetime.TotalHours);

    public string? Notice { get; private set; }

    public int Granted { get; private set; }

    public int Remaining { get; private set; }

    public string? Error { get; private set; }

    public static ResponderRole[] Roles => Enum.GetValues<ResponderRole>();

    /// <summary>For administrators: who may hold documentation access and whether they do; empty for others.</summary>
    public IReadOnlyList<DocumentationHolder> DocumentationHolders { get; private set; } = [];

    /// <summary>The current documentation key generation; null while the instance has none.</summary>
    public int? DocumentationGeneration { get; private set; }

    /// <summary>Whether this administrator holds documentation access, and so may grant and revoke it.</summary>
    public bool HoldsDocumentation => DocumentationHolders.Any(h => h.Id == Me.Id && h.Holds);

    public static string RoleKey(ResponderRole role) => "Role_" + role;

    public bool CanGrantAllTo(ResponderSummary r) => CaseRoles.CanManage(Me.Role) && r.Id != Me.Id && r.Active && CaseRoles.CanHoldCases(r.Role);

    public async Task OnGetAsync(string? done, int granted, int remaining, string? invited, CancellationToken cancellationToken)
    {
        Notice = done switch
        {
            "disabled" => "Responders_Disabled",
            "enabled" => "Responders_Enabled",
            "granted" => "Responders_Granted",
            "doccreated" => "Record.Access.Created",
            "docgranted" => "Record.Access.Granted",
            "docrevoked" => "Record.Access.Revoked",
            "docrotated" => "Record.Access.Rotated",
            _ => null,
        };
        if (invited is not null)
        {
            // The page after "invite": the link once, to the session that made it; never cached.
            Response.Headers.CacheControl = "no-store";
            if (links.Take(invited, Request.Cookies[SessionCookies.Desk]) is { } shown)
            {
                (InviteLink, InvitedRole) = shown;
            }
            else
            {
                Notice = "Responders_LinkGone";
            }
        }

        (Granted, Remaining) = (Math.Max(0, granted), Math.Max(0, remaining));
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostInviteAsync(string? role, CancellationToken cancellationToken)
    {
        if (!IsAdmin)
        {
            return NotFound();
        }

        if (!Haven.Text.EnumNames.TryParse<ResponderRole>(role, out var parsed))
        {
            return await FailAsync("Responders_RoleInvalid", cancellationToken);
        }

        var token = await invite.ExecuteAsync(parsed, Me, cancellationToken);
        if (token is null)
        {
            return NotFound();
        }

        var link = Url.PageLink("/Invite/Index", values: new { token }) ?? throw new InvalidOperationException("No invitation page to route to.");
        var id = links.Put(Request.Cookies[SessionCookies.Desk] ?? "", link, parsed);
        Response.Headers.Location = Url.Page("/Desk/Responders", new { invited = id });
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    public Task<IActionResult> OnPostDisableAsync(string? id, CancellationToken cancellationToken) => SetActiveAsync(id, false, cancellationToken);

    public Task<IActionResult> OnPostEnableAsync(string? id, CancellationToken cancellationToken) => SetActiveAsync(id, true, cancellationToken);

    public async Task<IActionResult> OnPostGrantAllAsync(string? id, CancellationToken cancellationToken)
    {
        if (!RandomId.IsValid(id))
        {
            return NotFound();
        }

        var result = await grantAll.ExecuteAsync(id!, Me, cancellationToken);
        return result.Outcome switch
        {
            GrantOutcome.Done or GrantOutcome.Unchanged => RedirectToPage("/Desk/Responders", new { done = "granted", granted = result.Granted, remaining = result.Remaining }),
            GrantOutcome.NoSuchResponder => await FailAsync("Responders_CannotHoldCases", cancellationToken),
            _ => NotFound(),
        };
    }

    /// <summary>Creates documentation key generation 1, sealed to this administrator and the recovery key, on an instance that has none.</summary>
    public async Task<IActionResult> OnPostDocumentationCreateAsync(CancellationToken cancellationToken)
    {
        if (!IsAdmin)
        {
            return NotFound();
        }

        await documentation.EnsureCreatedAsync(Me, cancellationToken);
        return RedirectToPage("/Desk/Responders", new { done = "doccreated" });
    }

    public async Task<IActionResult> OnPostDocumentationGrantAsync(string? id, CancellationToken cancellationToken)
    {
        if (!IsAdmin || !RandomId.IsValid(id))
        {
            return NotFound();
        }

        var outcome = await documentation.GrantAsync(id!, Me, cancellationToken);
        if (outcome is DocumentationAccessOutcome.Done)
        {
            // The grantee's live sessions on this node open the new seals now, not at their next login.
            foreach (var session in sessions.SessionsOf(id!))
            {
                await documentation.RefreshAsync(session, cancellationToken);
            }
        }

        return await DocumentationDoneAsync(outcome, "docgranted", cancellationToken);
    }

    public async Task<IActionResult> OnPostDocumentationRevokeAsync(string? id, CancellationToken cancellationToken)
    {
        if (!IsAdmin || !RandomId.IsValid(id))
        {
            return NotFound();
        }

        var outcome = await documentation.RevokeAsync(id!, Me, cancellationToken);
        if (outcome is DocumentationAccessOutcome.Done)
        {
            // The revoked responder's live sessions on this node forget every generation now; this administrator opens the new one.
            foreach (var session in sessions.SessionsOf(id!))
            {
                session.Documentation.Clear();
            }

            await documentation.RefreshAsync(Me, cancellationToken);
        }

        return await DocumentationDoneAsync(outcome, "docrevoked", cancellationToken);
    }

    /// <summary>Rotates the documentation key by hand (a holder's device may be compromised): a new generation for the recovery key and every holder.</summary>
    public async Task<IActionResult> OnPostDocumentationRotateAsync(CancellationToken cancellationToken)
    {
        if (!IsAdmin)
        {
            return NotFound();
        }

        var outcome = await documentation.RotateAsync(Me, cancellationToken);
        if (outcome is DocumentationAccessOutcome.Done)
        {
            // This administrator writes and reads under the new generation at once; other holders open it on their next Record page.
            await documentation.RefreshAsync(Me, cancellationToken);
        }

        return await DocumentationDoneAsync(outcome, "docrotated", cancellationToken);
    }

    private async Task<IActionResult> DocumentationDoneAsync(DocumentationAccessOutcome outcome, string done, CancellationToken cancellationToken) => outcome switch
    {
        DocumentationAccessOutcome.Done or DocumentationAccessOutcome.Unchanged => RedirectToPage("/Desk/Responders", new { done }),
        DocumentationAccessOutcome.NotEntitled => await FailAsync("Record.Access.NotEntitled", cancellationToken),
        DocumentationAccessOutcome.NotAllowed => await FailAsync("Record.Access.NotAllowed", cancellationToken),
        _ => NotFound(),
    };

    private async Task<IActionResult> SetActiveAsync(string? id, bool active, CancellationToken cancellationToken)
    {
        if (!IsAdmin || !RandomId.IsValid(id))
        {
            return NotFound();
        }

        switch (await setActive.ExecuteAsync(id!, active, Me, cancellationToken))
        {
            case AccountChange.Done:
            case AccountChange.Unchanged:
                if (!active)
                {
                    // A disabled responder's unlocked keys leave memory now, not at their next idle timeout.
                    sessions.EndAll(id!);
                }

                return RedirectToPage("/Desk/Responders", new { done = active ? "enabled" : "disabled" });
            case AccountChange.NotAllowed:
                return await FailAsync("Responders_NotYourself", cancellationToken);
            default:
                return NotFound();
        }
    }

    private async Task<IActionResult> FailAsync(string error, CancellationToken cancellationToken)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Responders = await list.ExecuteAsync(cancellationToken);
        if (IsAdmin)
        {
            DocumentationGeneration = (await documentation.CurrentAsync(cancellationToken))?.Generation;
            DocumentationHolders = await documentation.HoldersAsync(cancellationToken);
        }
    }
}
