using Haven.Act;
using Haven.Act.Actions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk.Act;

/// <summary>The desk's list of Urgent Actions: drafts, live ones, ended ones. Administrators and campaigners only.</summary>
[Authorize(Roles = "Admin,Campaigner")]
internal sealed class ActListModel(ActDeskQuery query) : PageModel
{
    public IReadOnlyList<ActionListRow> Rows { get; private set; } = [];

    public IEnumerable<ActionListRow> In(ActionStatus status) => Rows.Where(r => r.Status == status);

    public async Task OnGetAsync(CancellationToken cancellationToken) => Rows = await query.ListAsync(cancellationToken);
}
