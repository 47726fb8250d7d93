using Haven.Cases;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk;

/// <summary>The inbox: cases this responder holds a key for, most urgent first.</summary>
[Authorize]
internal sealed class InboxModel(InboxQuery inbox, TimeProvider clock) : PageModel
{
    public IReadOnlyList<InboxItem> Items { get; private set; } = [];

    public bool IncludeClosed { get; private set; }

    public string ResponderName { get; private set; } = "";

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task OnGetAsync(bool closed, CancellationToken cancellationToken)
    {
        var responder = DeskAuthentication.Current(HttpContext);
        ResponderName = responder.Name;
        IncludeClosed = closed;
        Items = await inbox.ExecuteAsync(responder.Id, closed, cancellationToken);
    }
}
