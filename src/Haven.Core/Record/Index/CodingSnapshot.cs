namespace Haven.Record.Index;

/// <summary>
/// An immutable view of the coding a set of generations opens, its acts in the list's order (newest start first,
/// unknown dates last, then by event and act id). Shared by every request with the same generations until
/// something new is read.
/// </summary>
internal sealed class CodingSnapshot
{
    private readonly Lazy<DocumentationCounts> _totals;

    private CodingSnapshot(IReadOnlyDictionary<string, IndexedEvent> events, IReadOnlyDictionary<string, IndexedVictim> victims, IndexedAct[] acts)
    {
        Events = events;
        Victims = victims;
        Acts = acts;
        _totals = new Lazy<DocumentationCounts>(() => CountOf(acts));
    }

    public IReadOnlyDictionary<string, IndexedEvent> Events { get; }

    public IReadOnlyDictionary<string, IndexedVictim> Victims { get; }

    public IReadOnlyList<IndexedAct> Acts { get; }

    /// <summary>The counts of every act of the snapshot: computed once and shared by every unfiltered list.</summary>
    public DocumentationCounts Totals => _totals.Value;

    /// <summary>The counts of acts, distinct events, distinct victims and the people those victims are (group sizes added up).</summary>
    public DocumentationCounts CountOf(IReadOnlyCollection<IndexedAct> acts)
    {
        ArgumentNullException.ThrowIfNull(acts);
        var victims = new HashSet<string>(acts.Select(a => a.Act.Victim), StringComparer.Ordinal);
        var people = victims.Sum(v => Victims.TryGetValue(v, out var victim) && victim.Coding.Unit == Vocabulary.CountingUnit.Group ? victim.Coding.GroupSize ?? 1 : 1);
        return new DocumentationCounts(acts.Count, acts.Select(a => a.Event.Id).Distinct(StringComparer.Ordinal).Count(), victims.Count, people);
    }

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
