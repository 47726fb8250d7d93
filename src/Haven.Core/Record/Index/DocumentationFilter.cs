using Haven.Record.Vocabulary;

namespace Haven.Record.Index;

/// <summary>What the documentation list is filtered by; null means any. Dates select events whose period overlaps them.</summary>
internal sealed record DocumentationFilter
{
    public string? ActType { get; init; }

    /// <summary>A country (with its regions) or a region.</summary>
    public string? Region { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    public string? Perpetrator { get; init; }

    public ViolationStatus? Status { get; init; }

    /// <summary>Events with at least one source at least this reliable (1..5).</summary>
    public int? MinReliability { get; init; }

    /// <summary>True: events with two or more distinct sources; false: with fewer.</summary>
    public bool? Corroborated { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = DocumentationListQuery.DefaultPageSize;
}
