using Haven.Accounts;
using Haven.Figures.Releases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk.Figures;

/// <summary>
/// The desk's figures (issue 17, point 3): every version of every figure, those waiting for a second person's
/// approval first, then the others newest first, each linking to its page; and "New figure". Administrators and
/// analysts see it; everyone else finds nothing (404).
/// </summary>
[Authorize(Roles = "Admin,Analyst")]
internal sealed class FigureListModel(DeskFiguresQuery figures, ResponderListQuery responders) : PageModel
{
    /// <summary>Versions waiting for approval, oldest first.</summary>
    public IReadOnlyList<FigureRelease> Waiting { get; private set; } = [];

    /// <summary>Every other version, newest first.</summary>
    public IReadOnlyList<FigureRelease> Others { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var all = await figures.ListAsync(cancellationToken);
        Waiting = [.. all.Where(r => r.Status == FigureReleaseStatus.Prepared).OrderBy(r => r.PreparedAt)];
        Others = [.. all.Where(r => r.Status != FigureReleaseStatus.Prepared).OrderByDescending(r => r.PublishedAt ?? r.PreparedAt).ThenByDescending(r => r.Number).ThenByDescending(r => r.Version)];
        Names = (await responders.ExecuteAsync(cancellationToken)).ToDictionary(r => r.Id, r => r.Name, StringComparer.Ordinal);
    }

    public string Name(string? id) => id is null ? "" : Names.GetValueOrDefault(id) ?? id;
}
