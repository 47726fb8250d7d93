namespace Haven.Figures.Definition;

/// <summary>
/// The level of the gazetteer a region dimension counts at: a country (an event coded with a region counts in its
/// country) or a region (an event coded with only a country counts in "&lt;country&gt; (region unknown)", key
/// <c>&lt;country&gt;/unknown</c>).
/// </summary>
internal enum RegionLevel
{
    Country,
    Region,
}
