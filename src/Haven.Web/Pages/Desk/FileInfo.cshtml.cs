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
/// copies held elsewhere), whether it is an original as received or a cleaned working copy, the cleaned
/// copies made of it, the form that makes one (<see cref="CleanCopyCommand"/>), its custody log and, when the file is a zip, what
/// its capture-app proof says and whether it holds (<see cref="CaptureProofQuery"/>). Everything comes from
/// the case's records, decrypted with the responder's own seal of the case key; a responder without it gets
/// 404, as for an unknown file.
/// </summary>
[Authorize]
internal sealed class FileInfoModel(CaseQuery cases, CleanCopyCommand clean, CaptureProofQuery proofs, Haven.Evidence.Custody.CustodyLogQuery custody) : PageModel
{
    public string CaseId { get; private set; } = "";

    public CaseFile? Shown { get; private set; }

    /// <summary>For a cleaned copy: the original it was made from, when still listed.</summary>
    public CaseFile? Original { get; private set; }

    public IReadOnlyList<CaseFile> Copies { get; private set; } = [];

    /// <summary>The file read as a ProofMode bundle (null when its blob is gone); computed for this page only, never stored.</summary>
    public ProofModeReport? Proof { get; private set; }

    /// <summary>The file's custody log (<see cref="Haven.Evidence.Custody.CustodyLogQuery"/>): its section on the page.</summary>
    public Haven.Evidence.Custody.CustodyLog? Custody { get; private set; }

    public string RecordId { get; private set; } = RandomId.New();

    public string? Notice { get; private set; }

    /// <summary>The resource key of the reason no copy was made.</summary>
    public string? Error { get; private set; }

    public long MaxCleanBytes => clean.Options.MaxBytes;

    public bool IsCopy => Shown?.File.Original is not null;

    public async Task<IActionResult> OnGetAsync(string id, string fileId, string? made, CancellationToken cancellationToken)
    {
        Notice = made == "1" ? "FileInfo_Made" : null;
        return await ShowAsync(id, fileId, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(string id, string fileId, string? recordId, CancellationToken cancellationToken)
    {
        var result = await clean.ExecuteAsync(id, fileId, recordId ?? "", DeskAuthentication.Current(HttpContext), cancellationToken);
        if (result.Outcome == CleanCopyOutcome.Made)
        {
            return RedirectToPage("/Desk/FileInfo", null, new { id, fileId, made = 1 }, "copies");
        }

        if (result.Outcome == CleanCopyOutcome.NotFound)
        {
            return NotFound();
        }

        (Error, var status) = result.Outcome switch
        {
            CleanCopyOutcome.NotSupported => ("FileInfo_NotSupported", StatusCodes.Status415UnsupportedMediaType),
            CleanCopyOutcome.TooLarge => ("FileInfo_TooLarge", StatusCodes.Status413PayloadTooLarge),
            CleanCopyOutcome.Unreadable => ("FileInfo_Unreadable", StatusCodes.Status422UnprocessableEntity),
            CleanCopyOutcome.IsCopy => ("FileInfo_IsCopy", StatusCodes.Status409Conflict),
            CleanCopyOutcome.QuotaExceeded => ("Error_QuotaExceeded", StatusCodes.Status507InsufficientStorage),
            CleanCopyOutcome.FilesDisabled => ("FileInfo_FilesDisabled", StatusCodes.Status409Conflict),
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

        if (await cases.ExecuteAsync(id, DeskAuthentication.Current(HttpContext), cancellationToken) is not { } view)
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
        Original = Shown.File.Original is { } original ? files.FirstOrDefault(f => f.File.Id == original) : null;
        Copies = files.Where(f => f.File.Original == fileId).ToList();
        Custody = await custody.ReadAsync(id, fileId, DeskAuthentication.Current(HttpContext), cancellationToken);
        return Page();
    }
}
