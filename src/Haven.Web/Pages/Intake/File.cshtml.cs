using Haven.Files;
using Haven.Web.Files;
using Haven.Web.Intake;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Intake;

/// <summary>
/// A file the team sent to the person, decrypted with the keys of their receipt as it streams out. Only
/// files of replies open; anything else is a 404, as is a request without a session.
/// </summary>
[AllowAnonymous]
internal sealed class FileModel(SourceSessions sessions, SourceFileQuery files) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string fileId, CancellationToken cancellationToken)
    {
        var session = sessions.Current(HttpContext);
        if (session?.CaseId is null)
        {
            return NotFound();
        }

        var opened = await files.ExecuteAsync(session.CaseId, fileId, session.Keys, cancellationToken);
        return opened is null ? NotFound() : new DecryptedFileResult(opened);
    }
}
