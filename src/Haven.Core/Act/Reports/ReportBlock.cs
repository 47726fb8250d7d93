namespace Haven.Act.Reports;

/// <summary>One block of a <see cref="ReportDocument"/>: its kind and its text (several lines for an address).</summary>
internal sealed record ReportBlock(ReportBlockKind Kind, string Text);
