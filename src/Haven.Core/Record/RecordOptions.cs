namespace Haven.Record;

/// <summary>
/// The settings of Record (<c>Haven:Record</c>), validated at start-up. Other parts of Record add theirs here.
/// </summary>
internal sealed class RecordOptions
{
    /// <summary>The largest gazetteer CSV accepted, in bytes (default 2 MiB, at most 64 MiB).</summary>
    public int GazetteerImportMaxBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>The most regions (countries and their regions) one gazetteer may hold (default 20,000).</summary>
    public int MaxRegions { get; set; } = 20_000;

    /// <summary>The first problem with these options, or null when they are valid.</summary>
    public string? Problem()
    {
        if (GazetteerImportMaxBytes is < 1024 or > 64 * 1024 * 1024)
        {
            return "Haven:Record:GazetteerImportMaxBytes must be between 1024 and 67108864.";
        }

        if (MaxRegions is < 1 or > 1_000_000)
        {
            return "Haven:Record:MaxRegions must be between 1 and 1000000.";
        }

        return null;
    }
}
