namespace Haven.Record.Vocabulary;

/// <summary>
/// A place of the gazetteer as stored (<c>gazetteer_regions</c>): a country (no parent) or a region of a country.
/// Coarse on purpose: Record never stores coordinates. Never deleted; <see cref="Retired"/> hides it from new entries.
/// </summary>
internal sealed class StoredRegion
{
    /// <summary>The stable key that coding stores, e.g. an ISO 3166 code <c>RU</c> or <c>RU-CE</c> (<see cref="VocabularyRules.IsRegionKey"/>).</summary>
    public required string Code { get; set; }

    /// <summary>The country's code for a region; null for a country.</summary>
    public string? ParentCode { get; set; }

    /// <summary>The order among its siblings, lowest first.</summary>
    public int Position { get; set; }

    public bool Retired { get; set; }
}
