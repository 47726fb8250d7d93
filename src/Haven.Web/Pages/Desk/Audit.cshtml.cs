using Haven.Audit;
using Haven.Crypto;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk;

/// <summary>
/// The audit log for administrators: entries newest first, a page at a time, the head hash to note down
/// (a later head that no longer contains it means entries were cut from the end), and the result of
/// verifying the whole chain. Everyone else gets 404.
/// </summary>
[Authorize(Roles = "Admin")]
internal sealed class AuditModel(AuditPageQuery query, AuditChainCheck check) : PageModel
{
    public AuditPage Entries { get; private set; } = new([], 1, 1, 0);

    public AuditReport Report { get; private set; } = new(0, AuditLog.Genesis, []);

    public string HeadHex => Hex.Encode(Report.Head);

    public static string ProblemKey(AuditProblemKind kind) => "AuditProblem_" + kind;

    public static string Short(string id) => id.Length > 8 ? id[..8] : id;

    /// <summary>A subject as shown: ids shortened, anything else (a step such as <c>Verification&gt;Planning</c>, a rule name) in full.</summary>
    public static string Subject(string subject) => Haven.Crypto.RandomId.IsValid(subject) ? Short(subject) : subject;

    // "page" is also Razor Pages' own route value, hence the explicit query binding.
    public async Task OnGetAsync([FromQuery(Name = "page")] int pageNumber, CancellationToken cancellationToken)
    {
        Report = await check.ExecuteAsync(cancellationToken);
        Entries = await query.ExecuteAsync(Math.Max(1, pageNumber), DeskAuthentication.Current(HttpContext).Id, cancellationToken);
    }
}
