using Haven.Act.Letters;
using Haven.Web.Act;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Haven.Web.Pages.Act;

/// <summary>The thank-you page after a letter (<c>o=queued</c>), a declaration (<c>counted</c>) or either on a moderated action (<c>held</c>).</summary>
[AllowAnonymous]
internal sealed class ThanksModel(PublicActionsQuery query) : ActPageModel(query)
{
    /// <summary>Which thanks: queued, counted or held.</summary>
    public string Kind { get; private set; } = "queued";

    public async Task<IActionResult> OnGetAsync(string slug, string? o, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }

        Kind = o is "counted" or "held" ? o : "queued";
        return Page();
    }
}
