using Haven.Figures.Disclosure;
using Haven.Figures.Tables;

namespace Haven.Web.Pages.Desk.Figures;

/// <summary>
/// What the desk's partial <c>_FigureAudit</c> shows: the disclosure audit of a release, each banded count named by
/// its categories in the version it belongs to (<paramref name="TableOf"/>: 0 for this release, else the earlier
/// version's number).
/// </summary>
internal sealed record FigureAuditView(DisclosureAuditResult Audit, Func<int, PublishedTable?> TableOf);
