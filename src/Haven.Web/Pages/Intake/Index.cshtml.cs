using Haven.Instance;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Intake;

/// <summary>The landing page: what this is, how to stay safe, ask for help or come back.</summary>
[AllowAnonymous]
internal sealed class IndexModel(InstanceState instance) : PageModel
{
    public bool Ready => instance.IsInitialized;

    public void OnGet()
    {
    }
}
