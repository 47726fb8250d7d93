namespace Haven.Record.Vocabulary;

/// <summary>What a gazetteer import did: the problems (then nothing was written), or how many regions were added, changed and left as they were.</summary>
internal sealed record GazetteerImportResult(IReadOnlyList<GazetteerImportError> Errors, int Added, int Changed, int Unchanged)
{
    /// <summary>The most problems reported for one file: enough to fix a file, short enough to read.</summary>
    public const int MaxErrors = 50;

    public bool Succeeded => Errors.Count == 0;

    public static GazetteerImportResult Failed(params GazetteerImportError[] errors) => new(errors, 0, 0, 0);
}
