using System.Globalization;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Figures;
using Haven.Figures.Definition;
using Haven.Figures.Releases;
using Haven.Figures.Tables;
using Haven.Record.Keys;
using Haven.Web.Desk;
using Haven.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Haven.Web.Pages.Desk.Figures;

/// <summary>
/// A new figure, or a correction of figure N (issue 17, points 3 and 5): the definition as a GET form whose Preview
/// shows, on the same page, the chart as it will be published, the table with each count's true value beside what
/// will be published and why it was protected, the disclosure audit (each banded count's band and the range that
/// everything published leaves for it) and the coarsening hints as links; then a POST "Prepare for publishing"
/// with the titles (and, for a correction, what changed), which stores the release for a second person to approve.
/// Administrators and analysts who hold the current documentation key prepare; one who does not is told so; every
/// other role finds nothing (404). Every value is read as text, so that a malformed one is a localized 400 with the
/// form as it was typed; nothing is stored by a preview.
/// </summary>
[Authorize(Roles = "Admin,Analyst")]
internal sealed class NewFigureModel(PrepareFigureCommand prepare, DeskFiguresQuery figures, DocumentationKeys documentation, IOptions<FiguresOptions> options) : PageModel
{
    /// <summary>The longest title and the longest change note accepted.</summary>
    public const int MaxTitle = FigureDefinitionRules.MaxTitleLength;
    public const int MaxNote = FigureDefinitionRules.MaxNoteLength;

    /// <summary>The languages a title is asked in: the desk's.</summary>
    public static IReadOnlyList<CultureInfo> Languages => HavenApp.Cultures;

    /// <summary>The definition as typed.</summary>
    public FigureForm Form { get; private set; } = new(Unit: "victims");

    /// <summary>The figure this corrects, as typed (empty for a new figure).</summary>
    public string? NumberText { get; private set; }

    /// <summary>The figure this corrects, when it was understood.</summary>
    public int? Number { get; private set; }

    public FigureDefinition? Definition { get; private set; }

    public FigurePreview? Preview { get; private set; }

    /// <summary>The figure's earlier versions (for a correction): the audit names their counts, the page links them.</summary>
    public IReadOnlyList<FigureRelease> Versions { get; private set; } = [];

    /// <summary>The resx key of what is wrong, and the number it may need.</summary>
    public PageError? Error { get; private set; }

    /// <summary>The version already waiting for approval, when that is why preparing was refused.</summary>
    public FigureRelease? Waiting { get; private set; }

    /// <summary>True for a responder who does not hold the current documentation key.</summary>
    public bool NotHolder { get; private set; }

    /// <summary>The id the prepare form stores its release under: a form sent twice stores one.</summary>
    public string ReleaseId { get; private set; } = "";

    /// <summary>The titles as typed, by culture name.</summary>
    public IReadOnlyDictionary<string, string?> Titles { get; private set; } = new Dictionary<string, string?>();

    public string? ChangeNote { get; private set; }

    /// <summary>Shows the form; with <c>show</c> (the Preview button), the preview of what it defines.</summary>
    public async Task<IActionResult> OnGetAsync(string? unit, string? rows, string? columns, [FromQuery(Name = "status")] string[]? status, string? reliability, string? corroborated, string? from, string? to, string? number, string? show, CancellationToken cancellationToken)
    {
        var me = DeskAuthentication.Current(HttpContext);
        try
        {
            if (!await HoldsAsync(me, cancellationToken))
            {
                return Page();
            }

            Form = new FigureForm(unit, rows, columns, status, reliability, corroborated, from, to);
            if (await NumberAsync(number, cancellationToken) is { } refused)
            {
                return refused;
            }

            if (show is null)
            {
                // A correction starts from the definition of the figure's current version.
                if (Number is not null && !Form.Parameters().Any() && Versions.Where(v => v.Status is FigureReleaseStatus.Published or FigureReleaseStatus.Withdrawn).MaxBy(v => v.Version) is { } current
                    && FiguresJson.FromJson<FigureDefinition>(current.Definition) is { } definition)
                {
                    Form = FigureForm.Of(definition);
                }
                else if (Form.Unit is null)
                {
                    Form = Form with { Unit = "victims" };
                }

                return Page();
            }

            return await PreviewAsync(me, cancellationToken) ?? Page();
        }
        catch (Exception e) when (e is DocumentationKeyringClosedException || (e is ObjectDisposedException && me.IsDisposed))
        {
            return RedirectToPage("/Desk/Login");
        }
    }

    /// <summary>Stores the release the form defines, for a second person to approve; the page again with what is wrong otherwise.</summary>
    public async Task<IActionResult> OnPostPrepareAsync(string? unit, string? rows, string? columns, [FromForm(Name = "status")] string[]? status, string? reliability, string? corroborated, string? from, string? to, [FromForm(Name = "number")] string? number, string? releaseId, Dictionary<string, string?>? titles, string? changeNote, CancellationToken cancellationToken)
    {
        var me = DeskAuthentication.Current(HttpContext);
        try
        {
            if (!await HoldsAsync(me, cancellationToken))
            {
                return Page();
            }

            Form = new FigureForm(unit, rows, columns, status, reliability, corroborated, from, to);
            Titles = Languages.ToDictionary(c => c.Name, c => titles?.GetValueOrDefault(c.Name), StringComparer.Ordinal);
            ChangeNote = changeNote;
            if (await NumberAsync(number, cancellationToken) is { } refused)
            {
                return refused;
            }

            if (!RandomId.IsValid(releaseId))
            {
                return await RefuseAsync(me, "Figures.Desk.Error.Form", StatusCodes.Status400BadRequest, cancellationToken);
            }

            ReleaseId = releaseId!;
            var (definition, error) = Form.Parse();
            if (definition is null)
            {
                Error = new PageError(error!);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }

            Definition = definition;
            if (Titles.Values.Any(t => t?.Length > MaxTitle))
            {
                return await RefuseAsync(me, "Figures.Desk.Error.TitleLength", StatusCodes.Status400BadRequest, cancellationToken, MaxTitle);
            }

            if (changeNote?.Length > MaxNote)
            {
                return await RefuseAsync(me, "Figures.Desk.Error.NoteLength", StatusCodes.Status400BadRequest, cancellationToken, MaxNote);
            }

            var given = Titles.Where(t => !string.IsNullOrWhiteSpace(t.Value)).ToDictionary(t => t.Key, t => t.Value!.Trim(), StringComparer.Ordinal);
            var (outcome, release) = await prepare.ExecuteAsync(ReleaseId, definition, given, Number, string.IsNullOrWhiteSpace(changeNote) ? null : changeNote.Trim(), me, cancellationToken);
            if (outcome == FigureOutcome.Done && release is not null)
            {
                return RedirectToPage("/Desk/Figures/Release", new { number = release.Number, version = release.Version, done = "prepared" });
            }

            return outcome switch
            {
                FigureOutcome.NotFound or FigureOutcome.NotAllowed => NotFound(),
                FigureOutcome.NoDocumentationKey => NotHolderPage(),
                FigureOutcome.TitleRequired => await RefuseAsync(me, "Figures.Desk.Error.TitleRequired", StatusCodes.Status400BadRequest, cancellationToken),
                FigureOutcome.ChangeNoteRequired => await RefuseAsync(me, "Figures.Desk.Error.ChangeNoteRequired", StatusCodes.Status400BadRequest, cancellationToken),
                FigureOutcome.AlreadyWaiting => await WaitingAsync(me, cancellationToken),
                FigureOutcome.TooManyCategories => await RefuseAsync(me, "Figures.Desk.Error.TooManyCategories", StatusCodes.Status400BadRequest, cancellationToken, options.Value.MaxCategories),
                FigureOutcome.EarlierUnreadable => await RefuseAsync(me, "Figures.Desk.Error.EarlierUnreadable", StatusCodes.Status409Conflict, cancellationToken),
                FigureOutcome.AuditFailed => await RefuseAsync(me, "Figures.Desk.Error.AuditFailed", StatusCodes.Status409Conflict, cancellationToken),
                _ => await RefuseAsync(me, "Figures.Desk.Error.Invalid", StatusCodes.Status400BadRequest, cancellationToken),
            };
        }
        catch (Exception e) when (e is DocumentationKeyringClosedException || (e is ObjectDisposedException && me.IsDisposed))
        {
            return RedirectToPage("/Desk/Login");
        }
    }

    /// <summary>The value of a dimension select: what was typed.</summary>
    public static bool Chosen(string? typed, string value) => string.Equals(typed?.Trim(), value, StringComparison.Ordinal);

    /// <summary>The address of this form with one dimension coarser (a coarsening hint's link).</summary>
    public string Coarser(bool rows, FigureDimension coarser)
    {
        var form = rows ? Form with { Rows = FigureForm.Value(coarser) } : Form with { Columns = FigureForm.Value(coarser) };
        return Url.Page("/Desk/Figures/New") + form.Query(("number", NumberText), ("show", "1"));
    }

    /// <summary>The published table of version <paramref name="version"/> of this figure (0: the preview's).</summary>
    public PublishedTable? TableOf(int version) =>
        version == 0 ? Preview?.Published : Versions.FirstOrDefault(v => v.Version == version) is { } release ? FiguresJson.FromJson<PublishedTable>(release.Published) : null;

    /// <summary>
    /// True when <paramref name="me"/> holds the current documentation key (a grant or a rotation since login taken
    /// into account); otherwise sets <see cref="NotHolder"/>. An administrator on an instance without a key creates it.
    /// </summary>
    private async Task<bool> HoldsAsync(UnlockedResponder me, CancellationToken cancellationToken)
    {
        var current = me.Role == ResponderRole.Admin
            ? await documentation.EnsureCreatedAsync(me, cancellationToken)
            : await documentation.CurrentAsync(cancellationToken);
        await documentation.RefreshAsync(me, cancellationToken);
        NotHolder = current is null || !me.Documentation.TryGet(current.Value.Generation, out _);
        return !NotHolder;
    }

    /// <summary>Reads the figure number of a correction; a response when it is refused (400 malformed, 404 unknown).</summary>
    private async Task<IActionResult?> NumberAsync(string? number, CancellationToken cancellationToken)
    {
        NumberText = string.IsNullOrWhiteSpace(number) ? null : number.Trim();
        if (NumberText is null)
        {
            return null;
        }

        if (!int.TryParse(NumberText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
        {
            Error = new PageError("Figures.Desk.Error.Number");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            NumberText = null;
            return Page();
        }

        Versions = await figures.ByNumberAsync(parsed, cancellationToken);
        if (!Versions.Any(v => v.Status is FigureReleaseStatus.Published or FigureReleaseStatus.Withdrawn))
        {
            return NotFound();
        }

        Number = parsed;
        return null;
    }

    /// <summary>The preview of <see cref="Form"/>; null when it is shown, a response when it is refused.</summary>
    private async Task<IActionResult?> PreviewAsync(UnlockedResponder me, CancellationToken cancellationToken)
    {
        var (definition, error) = Form.Parse();
        if (definition is null)
        {
            Error = new PageError(error!);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Definition = definition;
        var (outcome, preview) = await prepare.PreviewAsync(definition, Number, me, cancellationToken);
        switch (outcome)
        {
            case FigureOutcome.Done when preview is not null:
                Preview = preview;
                ReleaseId = string.IsNullOrEmpty(ReleaseId) ? RandomId.New() : ReleaseId;
                return null;
            case FigureOutcome.NotFound or FigureOutcome.NotAllowed:
                return NotFound();
            case FigureOutcome.NoDocumentationKey:
                return NotHolderPage();
            case FigureOutcome.TooManyCategories:
                Error = new PageError("Figures.Desk.Error.TooManyCategories", options.Value.MaxCategories);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case FigureOutcome.EarlierUnreadable:
                Error = new PageError("Figures.Desk.Error.EarlierUnreadable");
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            default:
                Error = new PageError("Figures.Desk.Error.Invalid");
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
        }
    }

    /// <summary>The page again with the preview (when the definition still gives one), the form as typed and what is wrong.</summary>
    private async Task<IActionResult> RefuseAsync(UnlockedResponder me, string error, int status, CancellationToken cancellationToken, int? count = null)
    {
        if (Definition is not null)
        {
            var (outcome, preview) = await prepare.PreviewAsync(Definition, Number, me, cancellationToken);
            Preview = outcome == FigureOutcome.Done ? preview : null;
        }

        Error = new PageError(error, count);
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>Refused because a version of this figure is already waiting for approval: the page says which.</summary>
    private async Task<IActionResult> WaitingAsync(UnlockedResponder me, CancellationToken cancellationToken)
    {
        var all = await figures.ListAsync(cancellationToken);
        Waiting = all.FirstOrDefault(r => r.Status == FigureReleaseStatus.Prepared && (Number is null || r.Number == Number));
        return await RefuseAsync(me, "Figures.Desk.Error.AlreadyWaiting", StatusCodes.Status409Conflict, cancellationToken);
    }

    private PageResult NotHolderPage()
    {
        NotHolder = true;
        return Page();
    }
}
