using Haven.Accounts;
using Haven.Figures;
using Haven.Figures.Definition;
using Haven.Figures.Disclosure;
using Haven.Figures.Releases;
using Haven.Figures.Tables;
using Haven.Record.Keys;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk.Figures;

/// <summary>
/// One version of a figure on the desk (issue 17, points 3 and 5): its status, who prepared and approved it, the
/// chart and the table as published, the disclosure audit and, for a holder of the documentation key the release was
/// sealed to, each count's true value and why it was protected (from the encrypted basis). A version waiting for
/// approval can be approved by another administrator or analyst (the one who prepared it is refused with a page that
/// says so) or discarded; a published one can be withdrawn with a public reason and corrected. Other roles find
/// nothing here (404), as do addresses of versions that do not exist.
/// </summary>
[Authorize(Roles = "Admin,Analyst")]
internal sealed class FigureReleaseModel(DeskFiguresQuery figures, ApproveFigureCommand approve, DiscardFigureCommand discard, WithdrawFigureCommand withdraw, ResponderListQuery responders, DocumentationKeys documentation) : PageModel
{
    /// <summary>The longest withdrawal reason accepted.</summary>
    public const int MaxReason = FigureDefinitionRules.MaxNoteLength;

    public UnlockedResponder Me => DeskAuthentication.Current(HttpContext);

    public FigureRelease Release { get; private set; } = new();

    /// <summary>Every version of the figure, oldest first.</summary>
    public IReadOnlyList<FigureRelease> Versions { get; private set; } = [];

    public FigureDefinition Definition { get; private set; } = new();

    public PublishedTable Published { get; private set; } = new();

    public DisclosureAuditResult? Audit { get; private set; }

    /// <summary>The true counts and the reasons, for a holder of the key the basis was sealed to; null otherwise.</summary>
    public (FigureTable Truth, IReadOnlyDictionary<CellRef, ProtectionReason> Reasons)? Basis { get; private set; }

    /// <summary>Names of responders by id (prepared, approved, withdrawn, discarded by).</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public string? Notice { get; private set; }

    public PageError? Error { get; private set; }

    /// <summary>The withdrawal reason as typed, when a withdrawal was refused.</summary>
    public string? Reason { get; private set; }

    public string Title => FigureText.Title(Release);

    /// <summary>The responder may approve: the version waits, and someone else prepared it.</summary>
    public bool CanApprove => Release.Status == FigureReleaseStatus.Prepared && Release.PreparedBy != Me.Id;

    /// <summary>A correction may be prepared: this is the figure's newest public version and none is waiting.</summary>
    public bool CanCorrect =>
        Release.Status is FigureReleaseStatus.Published or FigureReleaseStatus.Withdrawn
        && !Versions.Any(v => v.Status == FigureReleaseStatus.Prepared)
        && Versions.Where(v => v.Status is FigureReleaseStatus.Published or FigureReleaseStatus.Withdrawn).Max(v => v.Version) == Release.Version;

    public async Task<IActionResult> OnGetAsync(int number, int version, string? done, CancellationToken cancellationToken)
    {
        Notice = done switch
        {
            "prepared" => "Figures.Desk.Done.Prepared",
            "approved" => "Figures.Desk.Done.Approved",
            "discarded" => "Figures.Desk.Done.Discarded",
            "withdrawn" => "Figures.Desk.Done.Withdrawn",
            _ => null,
        };
        return await ShowAsync(number, version, cancellationToken);
    }

    public async Task<IActionResult> OnPostApproveAsync(int number, int version, CancellationToken cancellationToken)
    {
        if (await FindAsync(number, version, cancellationToken) is not { } release)
        {
            return NotFound();
        }

        return await OutcomeAsync(await approve.ExecuteAsync(release.Id, Me, cancellationToken), number, version, "approved", cancellationToken);
    }

    public async Task<IActionResult> OnPostDiscardAsync(int number, int version, CancellationToken cancellationToken)
    {
        if (await FindAsync(number, version, cancellationToken) is not { } release)
        {
            return NotFound();
        }

        return await OutcomeAsync(await discard.ExecuteAsync(release.Id, Me, cancellationToken), number, version, "discarded", cancellationToken);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(int number, int version, string? reason, CancellationToken cancellationToken)
    {
        if (await FindAsync(number, version, cancellationToken) is not { } release)
        {
            return NotFound();
        }

        Reason = reason;
        if (reason?.Length > MaxReason)
        {
            return await RefuseAsync(new PageError("Figures.Desk.Error.ReasonLength", MaxReason), StatusCodes.Status400BadRequest, number, version, cancellationToken);
        }

        var outcome = string.IsNullOrWhiteSpace(reason) ? FigureOutcome.ReasonRequired : await withdraw.ExecuteAsync(release.Id, reason.Trim(), Me, cancellationToken);
        return await OutcomeAsync(outcome, number, version, "withdrawn", cancellationToken);
    }

    /// <summary>The name of a responder, or the id when the account is gone.</summary>
    public string Name(string? id) => id is null ? "" : Names.GetValueOrDefault(id) ?? id;

    /// <summary>The published table of version <paramref name="version"/> (0: this one).</summary>
    public PublishedTable? TableOf(int version) =>
        version == 0 ? Published : Versions.FirstOrDefault(v => v.Version == version) is { } release ? FiguresJson.FromJson<PublishedTable>(release.Published) : null;

    private async Task<FigureRelease?> FindAsync(int number, int version, CancellationToken cancellationToken)
    {
        if (number < 1 || version < 1)
        {
            return null;
        }

        Versions = [.. (await figures.ByNumberAsync(number, cancellationToken)).OrderBy(v => v.Version)];
        return Versions.FirstOrDefault(v => v.Version == version);
    }

    private async Task<IActionResult> OutcomeAsync(FigureOutcome outcome, int number, int version, string done, CancellationToken cancellationToken) => outcome switch
    {
        FigureOutcome.Done => RedirectToPage("/Desk/Figures/Release", new { number, version, done }),
        FigureOutcome.NotFound or FigureOutcome.NotAllowed => NotFound(),
        FigureOutcome.SamePerson => await RefuseAsync(new PageError("Figures.Desk.Error.SamePerson"), StatusCodes.Status403Forbidden, number, version, cancellationToken),
        FigureOutcome.NotPrepared => await RefuseAsync(new PageError("Figures.Desk.Error.NotPrepared"), StatusCodes.Status409Conflict, number, version, cancellationToken),
        FigureOutcome.NotPublished => await RefuseAsync(new PageError("Figures.Desk.Error.NotPublished"), StatusCodes.Status409Conflict, number, version, cancellationToken),
        FigureOutcome.Stale => await RefuseAsync(new PageError("Figures.Desk.Error.Stale"), StatusCodes.Status409Conflict, number, version, cancellationToken),
        FigureOutcome.ReasonRequired => await RefuseAsync(new PageError("Figures.Desk.Error.ReasonRequired"), StatusCodes.Status400BadRequest, number, version, cancellationToken),
        FigureOutcome.AuditFailed => await RefuseAsync(new PageError("Figures.Desk.Error.AuditFailed"), StatusCodes.Status409Conflict, number, version, cancellationToken),
        _ => await RefuseAsync(new PageError("Figures.Desk.Error.Invalid"), StatusCodes.Status400BadRequest, number, version, cancellationToken),
    };

    private async Task<IActionResult> RefuseAsync(PageError error, int status, int number, int version, CancellationToken cancellationToken)
    {
        var shown = await ShowAsync(number, version, cancellationToken);
        if (shown is PageResult)
        {
            Error = error;
            Response.StatusCode = status;
        }

        return shown;
    }

    private async Task<IActionResult> ShowAsync(int number, int version, CancellationToken cancellationToken)
    {
        var me = Me;
        try
        {
            if (await FindAsync(number, version, cancellationToken) is not { } release)
            {
                return NotFound();
            }

            Release = release;
            Definition = FiguresJson.FromJson<FigureDefinition>(release.Definition) ?? new FigureDefinition();
            Published = FiguresJson.FromJson<PublishedTable>(release.Published) ?? new PublishedTable();
            Audit = FiguresJson.FromJson<DisclosureAuditResult>(release.Audit);
            Names = (await responders.ExecuteAsync(cancellationToken)).ToDictionary(r => r.Id, r => r.Name, StringComparer.Ordinal);

            // The true counts for a holder of the key the basis was sealed to (a grant or a rotation since login taken into account).
            await documentation.RefreshAsync(me, cancellationToken);
            if (me.Documentation.TryGet(release.DocumentationGeneration, out _))
            {
                Basis = await figures.BasisAsync(release, me.Documentation);
            }

            return Page();
        }
        catch (Exception e) when (e is DocumentationKeyringClosedException || (e is ObjectDisposedException && me.IsDisposed))
        {
            return RedirectToPage("/Desk/Login");
        }
    }
}
