using System.Text;
using Haven.Web.Files;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Haven.Web.Pages.Desk;

/// <summary>
/// Where a desk form lands when the responder's session ended while they were writing (the login challenge
/// sends a POST here with a 307, so the browser sends the same form again): nothing is stored or sent, and
/// the text they wrote comes back so that it is not lost. Files are read past and dropped, never stored.
/// The page acts on nothing, so it needs no token: a forged post only shows its own text, escaped, to its sender.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[StreamedUpload]
internal sealed class SignedOutModel(IOptions<Haven.Intake.IntakeOptions> intake) : PageModel
{
    /// <summary>Fields read at most; a desk form has a handful.</summary>
    private const int MaxFields = 64;

    /// <summary>The text fields written, in form order; ids, tokens and choices are left out.</summary>
    public List<string> Texts { get; } = [];

    public int FilesDropped { get; private set; }

    public IActionResult OnGet() => Redirect("/desk/login");

    public async Task<IActionResult> OnPostAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var limit = intake.Value.MaxTextLength;
        if (MediaTypeHeaderValue.TryParse(Request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            && HeaderUtilities.RemoveQuotes(type.Boundary).Value is { Length: > 0 and <= 200 } boundary)
        {
            var reader = new MultipartReader(boundary, Request.Body);
            for (var fields = 0; fields < MaxFields && await reader.ReadNextSectionAsync(cancellationToken) is { } section; fields++)
            {
                var disposition = section.GetContentDispositionHeader();
                if (disposition is null || !disposition.IsFormDisposition())
                {
                    // A file (or something else): read past it, keep nothing.
                    FilesDropped += disposition?.IsFileDisposition() == true && (disposition.FileName.HasValue || disposition.FileNameStar.HasValue) ? 1 : 0;
                    await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                    continue;
                }

                Keep(HeaderUtilities.RemoveQuotes(disposition.Name).Value, await ReadTextAsync(section.Body, limit, cancellationToken));
            }
        }
        else if (Request.HasFormContentType)
        {
            var form = await Request.ReadFormAsync(cancellationToken);
            foreach (var (name, values) in form.Take(MaxFields))
            {
                foreach (var value in values)
                {
                    Keep(name, value);
                }
            }
        }

        return Page();
    }

    private void Keep(string? name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || name is null || name.StartsWith("__", StringComparison.Ordinal)
            || name.EndsWith("Id", StringComparison.Ordinal) || name is "To" or "Urgency" or "Outcome" or "handler")
        {
            return;
        }

        Texts.Add(value);
    }

    /// <summary>At most <paramref name="limit"/> characters of a text part, as UTF-8; the rest is read past.</summary>
    private static async Task<string> ReadTextAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        var text = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            text.Append(buffer, 0, Math.Min(read, Math.Max(0, limit - text.Length)));
        }

        return text.ToString();
    }
}
