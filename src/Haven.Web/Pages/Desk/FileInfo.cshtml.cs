using System.Globalization;
using Haven.Cases;
using Haven.Crypto;
using Haven.Evidence;
using Haven.Files;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk;

/// <summary>
/// One file of a case: what its record says about it (name, declared type, size, SHA-256 to compare with
/// copies held elsewhere), whether it is the evidentiary copy (the file as received) or a working copy and of which
/// kind, the chain back to the evidentiary copy, the working copies made from it, the forms that make a cleaned copy
/// (<see cref="CleanCopyCommand"/>) and a redacted copy of an image (<see cref="RedactCopyCommand"/>, over a preview
/// made in memory for this page) and, when the file is a zip, what its capture-app proof says and whether it holds
/// (<see cref="CaptureProofQuery"/>). Everything comes from the case's records, decrypted with the responder's own
/// seal of the case key; a responder without it gets 404, as for an unknown file. The page also shows the file's
/// custody log (<see cref="Haven.Evidence.Custody.CustodyLogQuery"/>).
/// </summary>
[Authorize]
internal sealed class FileInfoModel(CaseQuery cases, CleanCopyCommand clean, RedactCopyCommand redact, CaptureProofQuery proofs, Haven.Evidence.Custody.CustodyLogQuery custody) : PageModel
{
    /// <summary>Rows of typed rectangles the form offers.</summary>
    public const int TypedRows = 5;

    public string CaseId { get; private set; } = "";

    public CaseFile? Shown { get; private set; }

    /// <summary>For a working copy: the file it was made from, when still listed.</summary>
    public CaseFile? Original { get; private set; }

    /// <summary>For a working copy: the files it was made from, nearest first, up to the evidentiary copy (or to the first one no longer listed).</summary>
    public IReadOnlyList<CaseFile> Chain { get; private set; } = [];

    /// <summary>Whether the chain ends at a file that is no longer listed instead of at the evidentiary copy.</summary>
    public bool ChainBroken { get; private set; }

    /// <summary>The working copies made from this file.</summary>
    public IReadOnlyList<CaseFile> Copies { get; private set; } = [];

    /// <summary>The file read as a ProofMode bundle (null when its blob is gone); computed for this page only, never stored.</summary>
    public ProofModeReport? Proof { get; private set; }

    /// <summary>The file's custody log (<see cref="Haven.Evidence.Custody.CustodyLogQuery"/>): its section on the page.</summary>
    public Haven.Evidence.Custody.CustodyLog? Custody { get; private set; }

    /// <summary>For an image: its upright size and a small preview for the redaction form; made for this page only, never stored.</summary>
    public ImagePreview? Preview { get; private set; }

    public string RecordId { get; private set; } = RandomId.New();

    /// <summary>The redaction form's own record id, so that it and the cleaning form never make one copy for the other.</summary>
    public string RedactRecordId { get; private set; } = RandomId.New();

    /// <summary>The typed rectangles as sent (x, y, width, height), shown again after a refusal.</summary>
    public IReadOnlyList<string[]> Typed { get; private set; } = [];

    /// <summary>The grid cells ticked ("row-column"), shown again after a refusal.</summary>
    public IReadOnlySet<string> Ticked { get; private set; } = new HashSet<string>();

    public string? Notice { get; private set; }

    /// <summary>The resource key of the reason no copy was made.</summary>
    public string? Error { get; private set; }

    public long MaxCleanBytes => clean.Options.MaxBytes;

    public bool IsCopy => Shown?.File.Original is not null;

    public async Task<IActionResult> OnGetAsync(string id, string fileId, string? made, CancellationToken cancellationToken)
    {
        Notice = made switch
        {
            "1" => "FileInfo_Made",
            WorkingCopyKinds.Redacted => "FileInfo_RedactMade",
            _ => null,
        };
        return await ShowAsync(id, fileId, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(string id, string fileId, string? recordId, CancellationToken cancellationToken)
    {
        var result = await clean.ExecuteAsync(id, fileId, recordId ?? "", DeskAuthentication.Current(HttpContext), cancellationToken);
        return result.Outcome == WorkingCopyOutcome.Made
            ? RedirectToPage("/Desk/FileInfo", null, new { id, fileId, made = 1 }, "copies")
            : await RefuseAsync(id, fileId, result.Outcome, cancellationToken);
    }

    /// <summary>The redaction form: typed rectangles (<c>x</c>, <c>y</c>, <c>w</c>, <c>h</c>, repeated) and ticked grid cells (<c>cell</c>, "row-column").</summary>
    public async Task<IActionResult> OnPostRedactAsync(string id, string fileId, string? redactRecordId, CancellationToken cancellationToken)
    {
        var form = Request.Form;
        Typed = Rows(form["x"], form["y"], form["w"], form["h"]);
        Ticked = form["cell"].OfType<string>().Take(Redaction.MaxRectangles + 1).ToHashSet(StringComparer.Ordinal);
        var outcome = Parse(Typed, Ticked, out var redaction);
        if (outcome is null)
        {
            var result = await redact.ExecuteAsync(id, fileId, redactRecordId ?? "", redaction!, DeskAuthentication.Current(HttpContext), cancellationToken);
            if (result.Outcome == WorkingCopyOutcome.Made)
            {
                return RedirectToPage("/Desk/FileInfo", null, new { id, fileId, made = WorkingCopyKinds.Redacted }, "copies");
            }

            outcome = result.Outcome;
        }

        // A refused form keeps its record id: sent again once corrected, it still makes one copy.
        RedactRecordId = CaseRecords.IsValidId(redactRecordId ?? "") ? redactRecordId! : RedactRecordId;
        return await RefuseAsync(id, fileId, outcome.Value, cancellationToken);
    }

    /// <summary>The typed rows as sent, at most one more than the limit (enough to know there are too many).</summary>
    private static List<string[]> Rows(Microsoft.Extensions.Primitives.StringValues x, Microsoft.Extensions.Primitives.StringValues y, Microsoft.Extensions.Primitives.StringValues w, Microsoft.Extensions.Primitives.StringValues h)
    {
        var count = Math.Min(Redaction.MaxRectangles + 1, Math.Max(Math.Max(x.Count, y.Count), Math.Max(w.Count, h.Count)));
        static string At(Microsoft.Extensions.Primitives.StringValues values, int index) => index < values.Count ? (values[index] ?? "").Trim() : "";
        return [.. Enumerable.Range(0, count).Select(i => new[] { At(x, i), At(y, i), At(w, i), At(h, i) })];
    }

    /// <summary>The redaction the form asks for, or why it cannot be one: a row half filled or not whole numbers, a cell off the grid.</summary>
    private static WorkingCopyOutcome? Parse(IReadOnlyList<string[]> typed, IReadOnlySet<string> ticked, out Redaction? redaction)
    {
        redaction = null;
        var filled = typed.Where(row => row.Any(v => v.Length > 0)).ToList();
        if (filled.Count + ticked.Count > Redaction.MaxRectangles)
        {
            return WorkingCopyOutcome.TooManyRectangles;
        }

        var rectangles = new List<PixelRectangle>();
        foreach (var row in filled)
        {
            var numbers = row.Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= int.MaxValue ? n : -1).ToArray();
            if (numbers.Any(n => n < 0))
            {
                return WorkingCopyOutcome.BadRectangles;
            }

            rectangles.Add(new PixelRectangle(numbers[0], numbers[1], numbers[2], numbers[3]));
        }

        var cells = new List<(int, int)>();
        foreach (var cell in ticked)
        {
            var parts = cell.Split('-');
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var row) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var column))
            {
                return WorkingCopyOutcome.BadRectangles;
            }

            cells.Add((row, column));
        }

        redaction = new Redaction(rectangles, cells);
        return redaction.Problem();
    }

    /// <summary>The page again with the reason no copy was made and its status; 404 as the page itself would be.</summary>
    private async Task<IActionResult> RefuseAsync(string id, string fileId, WorkingCopyOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome == WorkingCopyOutcome.NotFound)
        {
            return NotFound();
        }

        (Error, var status) = outcome switch
        {
            WorkingCopyOutcome.NotSupported => ("FileInfo_NotSupported", StatusCodes.Status415UnsupportedMediaType),
            WorkingCopyOutcome.NotAnImage => ("FileInfo_RedactNotImage", StatusCodes.Status415UnsupportedMediaType),
            WorkingCopyOutcome.TooLarge => ("FileInfo_TooLarge", StatusCodes.Status413PayloadTooLarge),
            WorkingCopyOutcome.Unreadable => ("FileInfo_Unreadable", StatusCodes.Status422UnprocessableEntity),
            WorkingCopyOutcome.BadRectangles => ("FileInfo_RedactBadRectangles", StatusCodes.Status422UnprocessableEntity),
            WorkingCopyOutcome.TooManyRectangles => ("FileInfo_RedactTooMany", StatusCodes.Status422UnprocessableEntity),
            WorkingCopyOutcome.IsCopy => ("FileInfo_IsCopy", StatusCodes.Status409Conflict),
            WorkingCopyOutcome.QuotaExceeded => ("Error_QuotaExceeded", StatusCodes.Status507InsufficientStorage),
            WorkingCopyOutcome.FilesDisabled => ("FileInfo_FilesDisabled", StatusCodes.Status409Conflict),
            _ => ("Error_FormExpired", StatusCodes.Status400BadRequest),
        };
        var shown = await ShowAsync(id, fileId, cancellationToken);
        if (shown is PageResult)
        {
            Response.StatusCode = status;
        }

        return shown;
    }

    private async Task<IActionResult> ShowAsync(string id, string fileId, CancellationToken cancellationToken)
    {
        if (!RandomId.IsValid(id) || !RandomId.IsValid(fileId))
        {
            return NotFound();
        }

        var responder = DeskAuthentication.Current(HttpContext);
        if (await cases.ExecuteAsync(id, responder, cancellationToken) is not { } view)
        {
            return NotFound();
        }

        var files = view.Entries
            .Where(e => e.Content?.Files is not null)
            .SelectMany(e => e.Content!.Files!.Select(f => new CaseFile(f, e.Kind, e.On)))
            .ToList();
        Shown = files.FirstOrDefault(f => f.File.Id == fileId);
        if (Shown is null)
        {
            return NotFound();
        }

        CaseId = id;
        var listing = view.Entries.First(e => e.Content?.Files?.Any(f => f.Id == fileId) == true).Content!;
        Proof = await proofs.ExecuteAsync(listing, fileId, cancellationToken);
        (Chain, ChainBroken) = ChainOf(Shown, files);
        Original = Chain.Count > 0 ? Chain[0] : null;
        Copies = files.Where(f => f.File.Original == fileId).ToList();
        Custody = await custody.ReadAsync(id, fileId, responder, cancellationToken);
        Preview = await redact.PreviewAsync(id, fileId, responder, cancellationToken);
        return Page();
    }

    /// <summary>The files <paramref name="file"/> was made from, nearest first, and whether a link is missing on the way.</summary>
    private static (IReadOnlyList<CaseFile> Chain, bool Broken) ChainOf(CaseFile file, List<CaseFile> files)
    {
        var chain = new List<CaseFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { file.File.Id };
        for (var from = file.File.Original; from is not null;)
        {
            var next = files.FirstOrDefault(f => f.File.Id == from);
            if (next is null || !seen.Add(from))
            {
                return (chain, true);
            }

            chain.Add(next);
            from = next.File.Original;
        }

        return (chain, false);
    }
}
