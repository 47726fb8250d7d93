namespace Haven.Act.Reports;

/// <summary>
/// A report as the PDF writer lays it out (<see cref="ReportPdf"/>): a title, then blocks in order, each already in
/// the report's language. The web layer composes it from an <see cref="ActionReport"/> with its localized texts.
/// </summary>
internal sealed record ReportDocument(string Title, string Language, IReadOnlyList<ReportBlock> Blocks);
