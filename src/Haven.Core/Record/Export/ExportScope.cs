namespace Haven.Record.Export;

/// <summary>What a Record export holds besides the coding (docs/record-export.md).</summary>
internal enum ExportScope
{
    /// <summary>The coding only: controlled-vocabulary fields, dates, regions, links. No word anyone wrote.</summary>
    Coding,

    /// <summary>The coding and, for the cases whose key the exporter holds, the narratives (titles, descriptions, methods, consequences, source details, pseudonyms).</summary>
    Narratives,
}
