namespace Haven.Act.Reports;

/// <summary>One line of a breakdown: a label key (a target's id, or a channel's name) and the letters counted for it.</summary>
internal sealed record ReportLine(string Key, string Label, long Count);
