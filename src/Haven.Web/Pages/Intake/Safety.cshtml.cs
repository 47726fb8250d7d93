using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Intake;

/// <summary>Plain guidance on staying safe: Tor, the receipt, dating-app traps, the device.</summary>
[AllowAnonymous]
internal sealed class SafetyModel : PageModel
{
    public void OnGet()
    {
    }
}
