using Haven.Figures.Releases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Figures;

/// <summary>The public list of figures (<c>/figures</c>): the current version of each, newest first.</summary>
[AllowAnonymous]
internal sealed class IndexModel(PublicFiguresQuery query) : PageModel
{
    public IReadOnlyList<PublicFigureRelease> Figures { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Figures = await query.ListAsync(cancellationToken);
}
