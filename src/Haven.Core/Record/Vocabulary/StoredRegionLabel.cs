namespace Haven.Record.Vocabulary;

/// <summary>A region's label in one culture (<c>gazetteer_region_labels</c>).</summary>
internal sealed class StoredRegionLabel
{
    public required string Code { get; set; }

    public required string Culture { get; set; }

    public required string Label { get; set; }
}
