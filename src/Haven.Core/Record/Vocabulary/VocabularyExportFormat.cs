namespace Haven.Record.Vocabulary;

/// <summary>The formats the lists are exported in.</summary>
internal enum VocabularyExportFormat
{
    /// <summary>One file, <c>vocabulary.json</c>.</summary>
    Json,

    /// <summary>Two files, <c>terms.csv</c> and <c>gazetteer.csv</c> (the latter in the import format).</summary>
    Csv,
}
