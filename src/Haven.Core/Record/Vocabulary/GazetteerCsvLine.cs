namespace Haven.Record.Vocabulary;

/// <summary>One line of a gazetteer CSV as read: its line number, code, parent code (null for a country) and labels by culture (empty ones included), and whether it is retired (null: as it is).</summary>
internal sealed record GazetteerCsvLine(int Line, string Code, string? ParentCode, IReadOnlyDictionary<string, string?> Labels, bool? Retired = null);
