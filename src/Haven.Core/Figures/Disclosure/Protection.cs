using Haven.Figures.Tables;

namespace Haven.Figures.Disclosure;

/// <summary>
/// The outcome of disclosure control for one release: the table as it will be published (its categories carry keys
/// only; the caller adds the labels), why each cell and margin was protected (every cell and margin is there,
/// <see cref="ProtectionReason.None"/> when published as it is), the audit (passed) and the coarsening hints.
/// </summary>
internal sealed record Protection(PublishedTable Published, IReadOnlyDictionary<CellRef, ProtectionReason> Reasons, DisclosureAuditResult Audit, IReadOnlyList<CoarseningHint> Hints);
