using Haven.Figures.Disclosure;
using Haven.Figures.Tables;

namespace Haven.Figures.Releases;

/// <summary>
/// A figure as it would be published, before anything is stored: the true table (desk only), the protection
/// disclosure control chose (with why each count was protected, the audit and the coarsening hints), the published
/// table with its labels, and the earlier versions the audit took into account.
/// </summary>
internal sealed record FigurePreview(FigureTable Truth, Protection Protection, PublishedTable Published, IReadOnlyList<EarlierRelease> Earlier);
