using Haven.Files;
using Haven.Web.Desk;
using Haven.Web.Files;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk;

/// <summary>
/// Downloads a file of a case, decrypted as it streams out with the responder's own seal of the case key.
/// A case not granted, a file of another case or an unknown id are all the same 404. Each download is
/// audited (content-free: who, which case, which file id).
/// </summary>
[Authorize]
internal sealed class FileModel(DeskFileQuery files, Haven.Audit.AuditedWriter writer, Microsoft.EntityFrameworkCore.IDbContextFactory<Haven.Storage.HavenDbContext> dbFactory) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string id, string fileId, CancellationToken cancellationToken)
    {
        var me = DeskAuthentication.Current(HttpContext);
        var opened = await files.ExecuteAsync(id, fileId, me, cancellationToken);
        if (opened is null)
        {
            return NotFound();
        }

        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await writer.SaveAsync(db, Haven.Audit.AuditActor.For(me), new Haven.Audit.AuditEvent(Haven.Evidence.Custody.CustodyActions.Downloaded, id, fileId), cancellationToken);
        }
        catch
        {
            // No download without its audit entry; and the opened blob is not left to the finalizer.
            await opened.DisposeAsync();
            throw;
        }

        return new DecryptedFileResult(opened);
    }
}
