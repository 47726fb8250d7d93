using Haven.Accounts;
using Haven.Cases;
using Haven.Crypto;
using Haven.Intake;
using Haven.Web.Desk;
using Haven.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Haven.Web.Pages.Desk;

/// <summary>
/// The working page of a case: header, workflow steps, verification checklist, conversation and replies,
/// case data with its versions, internal notes, and grants for administrators and coordinators. Every
/// action is a named handler that redirects back (post-redirect-get) and works without JavaScript. Each
/// handler binds only its own form (its parameters or input model, never a page-wide bound property), and a
/// refused form comes back with what was typed in it. A case the responder holds no key of is not found.
/// </summary>
[Authorize]
internal sealed class CaseModel(CasePageQuery query, TimeProvider clock, IOptions<IntakeOptions> intake, IOptions<WorkflowOptions> workflow, IOptions<Haven.Files.AttachmentOptions> files) : PageModel
{
    public Haven.Files.AttachmentOptions Files => files.Value;

    /// <summary>Empty rows the plan form offers beyond the saved steps; without JavaScript, save to get more.</summary>
    private const int EmptyPlanRows = 2;

    private static readonly string[] ConversationKinds = [RecordKinds.Request, RecordKinds.Testimony, RecordKinds.Message, RecordKinds.Reply];

    public CaseView? View { get; private set; }

    public CaseWork? Work { get; private set; }

    public IReadOnlyList<(string Id, string Name, ResponderRole Role)> Holders { get; private set; } = [];

    public IReadOnlyList<(string Id, string Name, ResponderRole Role)> Candidates { get; private set; } = [];

    public List<PageError> Errors { get; } = [];

    public string? Notice { get; private set; }

    /// <summary>The reply form's one-time id (the form posts to the reply page).</summary>
    public string RecordId { get; private set; } = "";

    /// <summary>What the workflow form shows: a fresh id, and what was typed when the step was refused.</summary>
    public TransitionInput Transition { get; private set; } = new();

    /// <summary>What the note form shows: a fresh id, and the note typed when it was refused.</summary>
    public NoteInput Note { get; private set; } = new();

    /// <summary>What the case data form shows: the current version, or what was typed when it was refused.</summary>
    public CaseDataInput Data { get; private set; } = new();

    /// <summary>The case data form's one-time id.</summary>
    public string DataId { get; private set; } = "";

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public int MaxTextLength => intake.Value.MaxTextLength;

    public int MaxWorkTextLength => workflow.Value.MaxTextLength;

    public bool RequireSecondPerson => workflow.Value.RequireSecondPerson;

    public UnlockedResponder Me => DeskAuthentication.Current(HttpContext);

    public bool CanManage => CaseRoles.CanManage(Me.Role);

    public bool CanConfigureChecklist => ChecklistRoles.CanConfigure(Me.Role);

    public IReadOnlyList<CaseState> Allowed => Work is null ? [] : CaseTransitions.Allowed(Work.Summary.State);

    public IEnumerable<CaseEntry> Conversation => View!.Entries.Where(e => ConversationKinds.Contains(e.Kind));

    public IEnumerable<CaseEntry> Notes => View!.Entries.Where(e => e.Kind == RecordKinds.Note).Reverse();

    public IEnumerable<CaseEntry> Reasons => View!.Entries.Where(e => e.Kind == RecordKinds.Transition);

    /// <summary>The versions of the case data, newest first; the first is the current one.</summary>
    public IReadOnlyList<CaseEntry> Versions { get; private set; } = [];

    public string? AuthorOf(string recordId) => Work!.Authors.TryGetValue(recordId, out var name) ? name : null;

    public async Task<IActionResult> OnGetAsync(string id, string? saved, CancellationToken cancellationToken)
    {
        Notice = saved == "same" ? "Case_DataUnchanged" : null;
        return await ShowAsync(id, fillData: true, cancellationToken);
    }

    public async Task<IActionResult> OnPostTransitionAsync(string id, [Bind(Prefix = "")] TransitionInput input, [FromServices] TransitionCommand transition, CancellationToken cancellationToken)
    {
        Transition = input;
        if (!TryParseState(input.To, out var target) || (input.From is not null && !TryParseState(input.From, out _)))
        {
            return await FailAsync(id, 400, new PageError("Error_StepUnknown"), cancellationToken);
        }

        CaseOutcome? outcome = null;
        if (!string.IsNullOrEmpty(input.Outcome))
        {
            if (!Haven.Text.EnumNames.TryParse<CaseOutcome>(input.Outcome, out var parsed))
            {
                return await FailAsync(id, 400, new PageError("Error_OutcomeRequired"), cancellationToken);
            }

            outcome = parsed;
        }

        CaseState? shown = TryParseState(input.From, out var f) ? f : null;
        var problem = await transition.ExecuteAsync(id, new TransitionRequest(target, shown, outcome, input.Reason, input.TransitionId ?? ""), Me, cancellationToken);
        return problem switch
        {
            TransitionOutcome.None => Back(id, "workflow"),
            TransitionOutcome.NotFound => NotFound(),
            TransitionOutcome.FormExpired => await FailAsync(id, 400, new PageError("Error_FormExpired"), cancellationToken),
            TransitionOutcome.ReasonTooLong => await FailAsync(id, 400, new PageError("Error_WorkTextTooLong", MaxWorkTextLength), cancellationToken),
            TransitionOutcome.OutcomeRequired => await FailAsync(id, 400, new PageError("Error_OutcomeRequired"), cancellationToken),
            TransitionOutcome.Moved => await FailAsync(id, 409, new PageError("Error_CaseMoved"), cancellationToken),
            TransitionOutcome.ChecklistIncomplete => await FailAsync(id, 409, new PageError("Error_ChecklistIncomplete"), cancellationToken),
            TransitionOutcome.SecondPersonRequired => await FailAsync(id, 409, new PageError("Error_SecondPerson"), cancellationToken),
            _ => await FailAsync(id, 409, new PageError("Error_StepNotAllowed"), cancellationToken),
        };
    }

    public async Task<IActionResult> OnPostCheckAsync(string id, int itemId, bool ticked, [FromServices] CheckItemCommand check, CancellationToken cancellationToken)
    {
        var problem = await check.ExecuteAsync(id, itemId, ticked, Me, cancellationToken);
        return problem switch
        {
            ChecklistOutcome.None => Back(id, "checklist"),
            ChecklistOutcome.NotFound => NotFound(),
            ChecklistOutcome.NotInVerification => await FailAsync(id, 409, new PageError("Error_NotInVerification"), cancellationToken),
            _ => await FailAsync(id, 400, new PageError("Error_NoSuchItem"), cancellationToken),
        };
    }

    public async Task<IActionResult> OnPostDataAsync(string id, string? dataId, [Bind(Prefix = "Data")] CaseDataInput input, [FromServices] SaveCaseDataCommand save, CancellationToken cancellationToken)
    {
        // A forged form can name plan rows (Data.Plan.index) without sending any of their fields.
        input.Plan.RemoveAll(static p => p is null);
        Data = input;
        if (input.ToData() is not { } data)
        {
            return await FailAsync(id, 400, new PageError("Error_DueInvalid"), cancellationToken, keepData: true);
        }

        var problem = await save.ExecuteAsync(id, dataId ?? "", data, Me, cancellationToken);
        return problem switch
        {
            CaseWriteOutcome.None => Back(id, "data"),
            CaseWriteOutcome.Unchanged => RedirectToPage("/Desk/Case", null, new { id, saved = "same" }, "data"),
            CaseWriteOutcome.NotFound => NotFound(),
            CaseWriteOutcome.TextTooLong => await FailAsync(id, 400, new PageError("Error_WorkTextTooLong", MaxWorkTextLength), cancellationToken, keepData: true),
            CaseWriteOutcome.TooManySteps => await FailAsync(id, 400, new PageError("Error_TooManySteps", WorkflowOptions.MaxPlanSteps), cancellationToken, keepData: true),
            CaseWriteOutcome.TooManyTags => await FailAsync(id, 400, new PageError("Error_TooManyTags", WorkflowOptions.MaxTags), cancellationToken, keepData: true),
            CaseWriteOutcome.TagTooLong => await FailAsync(id, 400, new PageError("Error_TagTooLong", WorkflowOptions.MaxTagLength), cancellationToken, keepData: true),
            _ => await FailAsync(id, 400, new PageError("Error_FormExpired"), cancellationToken, keepData: true),
        };
    }

    public async Task<IActionResult> OnPostNoteAsync(string id, [Bind(Prefix = "")] NoteInput input, [FromServices] AddNoteCommand note, CancellationToken cancellationToken)
    {
        Note = input;
        var problem = await note.ExecuteAsync(id, input.NoteId ?? "", input.NoteText, Me, cancellationToken);
        return problem switch
        {
            CaseWriteOutcome.None => Back(id, "notes"),
            CaseWriteOutcome.NotFound => NotFound(),
            CaseWriteOutcome.TextMissing => await FailAsync(id, 400, new PageError("Error_NoteMissing"), cancellationToken),
            CaseWriteOutcome.TextTooLong => await FailAsync(id, 400, new PageError("Error_WorkTextTooLong", MaxWorkTextLength), cancellationToken),
            _ => await FailAsync(id, 400, new PageError("Error_FormExpired"), cancellationToken),
        };
    }

    public async Task<IActionResult> OnPostGrantAsync(string id, string? responderId, [FromServices] GrantCaseCommand grant, CancellationToken cancellationToken) =>
        await GrantResultAsync(id, await grant.ExecuteAsync(id, responderId ?? "", Me, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostRevokeAsync(string id, string? responderId, [FromServices] RevokeCaseCommand revoke, CancellationToken cancellationToken)
    {
        if (responderId == Me.Id && CanManage)
        {
            // Revoking oneself would lock the page's own user out mid-work; another manager can do it.
            return await FailAsync(id, 400, new PageError("Error_RevokeSelf"), cancellationToken);
        }

        return await GrantResultAsync(id, await revoke.ExecuteAsync(id, responderId ?? "", Me, cancellationToken), cancellationToken);
    }

    public async Task<IActionResult> OnPostAssignAsync(string id, string? responderId, [FromServices] AssignCaseCommand assign, CancellationToken cancellationToken) =>
        await GrantResultAsync(id, await assign.ExecuteAsync(id, string.IsNullOrEmpty(responderId) ? null : responderId, Me, cancellationToken), cancellationToken);

    public static bool IsBack(CaseState from, CaseState to) =>
        !CaseTransitions.IsFinal(from) && to != CaseState.Closed && CaseTransitions.IndexOf(to) < CaseTransitions.IndexOf(from);

    private async Task<IActionResult> GrantResultAsync(string id, GrantOutcome outcome, CancellationToken cancellationToken) => outcome switch
    {
        GrantOutcome.Done or GrantOutcome.Unchanged => Back(id, "access"),
        GrantOutcome.NoSuchResponder => await FailAsync(id, 400, new PageError("Error_CannotHoldCases"), cancellationToken),
        _ => NotFound(),
    };

    private RedirectToPageResult Back(string id, string section) => RedirectToPage("/Desk/Case", null, new { id }, section);

    /// <summary>Shows the page again with the error and a 4xx status; the case data form keeps what was typed only when it was the one sent.</summary>
    private async Task<IActionResult> FailAsync(string id, int status, PageError error, CancellationToken cancellationToken, bool keepData = false)
    {
        Errors.Add(error);
        var shown = await ShowAsync(id, fillData: !keepData, cancellationToken);
        if (shown is PageResult)
        {
            Response.StatusCode = status;
        }

        return shown;
    }

    private async Task<IActionResult> ShowAsync(string id, bool fillData, CancellationToken cancellationToken)
    {
        if (!CaseRecords.IsValidId(id))
        {
            return NotFound();
        }

        if (await query.ExecuteAsync(id, Me, cancellationToken) is not { } page)
        {
            return NotFound();
        }

        (View, Work, Holders, Candidates) = (page.View, page.Work, page.Holders, page.Candidates);
        Versions = View.Entries.Where(e => e.Kind == RecordKinds.CaseData).Reverse().ToList();

        // Fresh ids for every form, so that a double submit stores one record, and the kept input on errors.
        RecordId = RandomId.New();
        Transition.TransitionId = RandomId.New();
        Note.NoteId = RandomId.New();
        DataId = RandomId.New();
        if (fillData)
        {
            Data = CaseDataInput.From(Versions.Count > 0 ? Versions[0].Content?.Data : null);
        }

        Data.Plan.RemoveAll(p => string.IsNullOrWhiteSpace(p.Step) && string.IsNullOrWhiteSpace(p.Due));
        for (var i = 0; i < EmptyPlanRows; i++)
        {
            Data.Plan.Add(new PlanStepInput());
        }

        return Page();
    }

    private static bool TryParseState(string? value, out CaseState state) => Haven.Text.EnumNames.TryParse(value, out state);
}
