namespace Haven.Record.Index;

/// <summary>
/// An immutable view of the coding a set of generations opens, its acts in the list's order (newest start first,
/// unknown dates last, then by event and act id). Shared by every request with the same generations until
/// something new is read.
/// </summary>
internal sealed class CodingSnapshot
{
    private CodingSnapshot(IReadOnlyDictionary<string, IndexedEvent> events, IReadOnlyDictionary<string, IndexedVictim> victims, IndexedAct[] acts)
    {
        Events = events;
        Victims = victims;
        Acts = acts;
    }

    public IReadOnlyDictionary<string, IndexedEvent> Events { get; }

    public IReadOnlyDictionary<string, IndexedVictim> Victims { get; }

    public IReadOnlyList<IndexedAct> Acts { get; }

    internal static CodingSnapshot Build(IEnumerable<CodingIndex.Slice> slices)
    {
        var events = new Dictionary<string, IndexedEvent>(StringComparer.Ordinal);
        var victims = new Dictionary<string, IndexedVictim>(StringComparer.Ordinal);
        foreach (var slice in slices)
        {
            foreach (var (id, e) in slice.Events)
            {
                if (!events.TryGetValue(id, out var known) || known.Number < e.Number)
                {
                    events[id] = e;
                }
            }

            foreach (var (id, v) in slice.Victims)
            {
                if (!victims.TryGetValue(id, out var known) || known.Number < v.Number)
                {
                    victims[id] = v;
                }
            }
        }

        var acts = events.Values
            .SelectMany(e =>
            {
                var (from, to) = (e.Coding.Start?.First, (e.Coding.End ?? e.Coding.Start)?.Last);
                var corroboration = e.Coding.Corroboration;
                var reliability = e.Coding.BestReliability;
                return e.Coding.Acts.Select(a => new IndexedAct(e, a, from, to, corroboration, reliability));
            })
            .OrderBy(a => a.From is null)
            .ThenByDescending(a => a.From)
            .ThenBy(a => a.Event.Id, StringComparer.Ordinal)
            .ThenBy(a => a.Act.Id, StringComparer.Ordinal)
            .ToArray();
        return new CodingSnapshot(events, victims, acts);
    }
}
