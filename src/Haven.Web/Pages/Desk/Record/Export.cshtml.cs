using System.Globalization;
using Haven.Record.Export;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk.Record;

/// <summary>
/// The export for documentation partners (issue 15 point 5, docs/record-export.md): an administrator chooses JSON or
/// CSV (a zip loadable by Uwazi) and coding only or coding with narratives (of the cases they hold only), and downloads
/// it. Each export is audited (<c>record.exported</c>, the format and scope only) before anything is decrypted; the
/// export is built in memory and sent, never written to the server's disk. A form with an unknown choice is a 400 with
/// the page again; everyone but administrators finds nothing here (404).
/// </summary>
[Authorize(Roles = "Admin")]
internal sealed class ExportModel(ExportRecordCommand export, TimeProvider clock) : PageModel
{
    /// <summary>The format chosen: <c>json</c> or <c>csv</c>.</summary>
    public string Format { get; private set; } = "json";

    /// <summary>The scope chosen: <c>coding</c> or <c>narratives</c>.</summary>
    public string Scope { get; private set; } = "coding";

    /// <summary>Why the form was refused, as a resource key.</summary>
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? format, string? scope, CancellationToken cancellationToken)
    {
        RecordExportFormat? chosenFormat = format switch { "json" => RecordExportFormat.Json, "csv" => RecordExportFormat.Csv, _ => null };
        ExportScope? chosenScope = scope switch { "coding" => ExportScope.Coding, "narratives" => ExportScope.Narratives, _ => null };
        if (chosenFormat is not { } f || chosenScope is not { } s)
        {
            Format = chosenFormat is null ? "json" : format!;
            Scope = chosenScope is null ? "coding" : scope!;
            Error = "Record.Export.Error.Choice";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var buffer = new MemoryStream();
        if (!await export.ExecuteAsync(DeskAuthentication.Current(HttpContext), f, s, buffer, cancellationToken))
        {
            return NotFound();
        }

        buffer.Position = 0;
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var name = $"haven-record-{day}-{scope}.{(f == RecordExportFormat.Json ? "json" : "zip")}";
        return File(buffer, f == RecordExportFormat.Json ? "application/json; charset=utf-8" : "application/zip", name);
    }
}
