using Haven.Figures.Releases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Figures;

/// <summary>
/// One public figure: <c>/figures/{number}</c> (its current version, page Release) and <c>/figures/{number}/v/{version}</c>
/// (page Version), both drawn by <c>_Release.cshtml</c>. Only
/// published and withdrawn versions exist here; any other number or version is a 404.
/// </summary>
[AllowAnonymous]
internal sealed class ReleaseModel(PublicFiguresQuery query) : PageModel
{
    public PublicFigure Figure { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int number, int? version, CancellationToken cancellationToken)
    {
        if (await query.ByNumberAsync(number, version, cancellationToken) is not { } figure)
        {
            return NotFound();
        }

        Figure = figure;
        return Page();
    }
}
