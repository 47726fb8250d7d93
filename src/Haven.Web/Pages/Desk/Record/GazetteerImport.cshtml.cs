using Haven.Record;
using Haven.Record.Vocabulary;
using Haven.Web.Desk;
using Haven.Web.Files;
using Haven.Web.Record;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Haven.Web.Pages.Desk.Record;

/// <summary>
/// The gazetteer's CSV import: a multipart form read as it streams in (<see cref="GazetteerUploadReader"/>, the
/// token checked before the file is taken, the file held in memory up to the limit), then imported all or nothing
/// (<see cref="ImportGazetteerCommand"/>). A refused file is a 400 (413 when too large) with every problem by line;
/// nothing is changed. Administrators only; everyone else finds nothing here (404).
/// </summary>
[Authorize(Roles = "Admin")]
[IgnoreAntiforgeryToken]
[StreamedUpload]
internal sealed class GazetteerImportModel(GazetteerUploadReader reader, ImportGazetteerCommand import, IOptions<RecordOptions> options) : PageModel
{
    public RecordOptions Options => options.Value;

    /// <summary>The problem with the request itself (the form, the token, the size), as a resource key.</summary>
    public string? Error { get; private set; }

    /// <summary>The problems of the file, by line.</summary>
    public IReadOnlyList<GazetteerImportError> Problems { get; private set; } = [];

    public void OnGet()
    {
    }

    /// <summary>Takes no parameters on purpose: binding any would make the framework read (and buffer) the form first.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var upload = await reader.ReadAsync(HttpContext, cancellationToken);
        if (upload.Problem != UploadOutcome.None)
        {
            Error = upload.Problem switch
            {
                UploadOutcome.FormExpired => "Error_FormExpired",
                UploadOutcome.FileTooLarge or UploadOutcome.FieldTooLarge => "Record.Gazetteer.Import.TooLarge",
                _ => "Record.Gazetteer.Import.NoFile",
            };
            Response.StatusCode = upload.Status;
            return Page();
        }

        using var file = new MemoryStream(upload.File!, writable: false);
        var result = await import.ExecuteAsync(file, DeskAuthentication.Current(HttpContext), cancellationToken);
        if (result.Succeeded)
        {
            return RedirectToPage("/Desk/Record/Gazetteer", new { done = "imported", added = result.Added, changed = result.Changed, unchanged = result.Unchanged });
        }

        if (result.Errors.Any(e => e.Problem == GazetteerImportProblem.NotAllowed))
        {
            return NotFound();
        }

        Problems = result.Errors;
        Response.StatusCode = result.Errors.Any(e => e.Problem == GazetteerImportProblem.TooLarge) ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
        return Page();
    }
}
