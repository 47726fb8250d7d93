using Haven.Evidence.Custody;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk;

/// <summary>
/// A file's custody log as a download, CSV or JSON (<see cref="CustodyLogExport"/>), for a responder who holds the
/// case; anyone else, an unknown file or another format gets 404. Reading the log is not a download of the file:
/// nothing is added to the log by it.
/// </summary>
[Authorize]
internal sealed class CustodyLogModel(CustodyLogQuery custody) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string id, string fileId, string format, CancellationToken cancellationToken)
    {
        if (format is not ("csv" or "json"))
        {
            return NotFound();
        }

        var log = await custody.ReadAsync(id, fileId, DeskAuthentication.Current(HttpContext), cancellationToken);
        if (log is null)
        {
            return NotFound();
        }

        var buffer = new MemoryStream();
        if (format == "csv")
        {
            await CustodyLogExport.WriteCsvAsync(log, buffer, cancellationToken);
        }
        else
        {
            await CustodyLogExport.WriteJsonAsync(log, buffer, cancellationToken);
        }

        buffer.Position = 0;
        return File(buffer, format == "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8", $"haven-custody-{fileId}.{format}");
    }
}
