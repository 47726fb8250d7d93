namespace Haven.Record.Export;

/// <summary>The file a Record export is written as (docs/record-export.md).</summary>
internal enum RecordExportFormat
{
    /// <summary>One JSON document, nested event → acts → victim → involvements, and information.</summary>
    Json,

    /// <summary>A zip of CSV files, one per entity, loadable by Uwazi's CSV import, with the lists and the gazetteer.</summary>
    Csv,
}
