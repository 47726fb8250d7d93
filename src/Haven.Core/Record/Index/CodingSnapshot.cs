namespace Haven.Record.Index;

/// <summary>
/// An immutable view of the coding a set of generations opens, its acts in the list's order (newest start first,
/// unknown dates last, then by event and act id). Shared by every request with the same generations until
/// something new is read.
/// </summary>
internal sealed class CodingSnapshot
{
    private readonly Dictionary<string, IndexedEvent> _events;
    private readonly Dictionary<string, IndexedVictim> _victims;
    private readonly IndexedAct[] _acts;
    private readonly Lazy<DocumentationCounts> _totals;

    private CodingSnapshot(Dictionary<string, IndexedEvent> events, Dictionary<string, IndexedVictim> victims, IndexedAct[] acts)
    {
        _events = events;
        _victims = victims;
        _acts = acts;
        _totals = new Lazy<DocumentationCounts>(() => CountOf(acts));
    }

    public IReadOnlyDictionary<string, IndexedEvent> Events => _events;

    public IReadOnlyDictionary<string, IndexedVictim> Victims => _victims;

    public IReadOnlyList<IndexedAct> Acts => _acts;

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

    internal static CodingSnapshot Build(IReadOnlyCollection<CodingIndex.Slice> slices)
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

        var acts = events.Values.SelectMany(ActsOf).ToArray();
        Array.Sort(acts, ActOrder.Instance);
        return new CodingSnapshot(events, victims, acts);
    }

    /// <summary>
    /// This snapshot with the events and victims in <paramref name="changed"/> read again from the slices (newest
    /// version across them; gone when none has it any more): the unchanged acts keep their order and the changed
    /// ones are merged in, instead of sorting every act again after each write.
    /// </summary>
    internal CodingSnapshot Update(IReadOnlyCollection<CodingIndex.Slice> slices, IReadOnlySet<string> changed)
    {
        var events = new Dictionary<string, IndexedEvent>(_events, StringComparer.Ordinal);
        var victims = new Dictionary<string, IndexedVictim>(_victims, StringComparer.Ordinal);
        var fresh = new List<IndexedAct>();
        foreach (var id in changed)
        {
            events.Remove(id);
            victims.Remove(id);
            IndexedEvent? newestEvent = null;
            IndexedVictim? newestVictim = null;
            foreach (var slice in slices)
            {
                if (slice.Events.TryGetValue(id, out var e) && (newestEvent is null || newestEvent.Number < e.Number))
                {
                    newestEvent = e;
                }

                if (slice.Victims.TryGetValue(id, out var v) && (newestVictim is null || newestVictim.Number < v.Number))
                {
                    newestVictim = v;
                }
            }

            if (newestEvent is not null)
            {
                events[id] = newestEvent;
                fresh.AddRange(ActsOf(newestEvent));
            }

            if (newestVictim is not null)
            {
                victims[id] = newestVictim;
            }
        }

        fresh.Sort(ActOrder.Instance);
        var acts = new IndexedAct[_acts.Count(a => !changed.Contains(a.Event.Id)) + fresh.Count];
        var (k, f) = (0, 0);
        for (var i = 0; i < acts.Length; i++)
        {
            while (k < _acts.Length && changed.Contains(_acts[k].Event.Id))
            {
                k++;
            }

            acts[i] = f < fresh.Count && (k == _acts.Length || ActOrder.Instance.Compare(fresh[f], _acts[k]) < 0) ? fresh[f++] : _acts[k++];
        }

        return new CodingSnapshot(events, victims, acts);
    }

    private static IEnumerable<IndexedAct> ActsOf(IndexedEvent e)
    {
        var (from, to) = (e.Coding.Start?.First, (e.Coding.End ?? e.Coding.Start)?.Last);
        var corroboration = e.Coding.Corroboration;
        var reliability = e.Coding.BestReliability;
        return e.Coding.Acts.Select(a => new IndexedAct(e, a, from, to, corroboration, reliability));
    }

    /// <summary>The list's order: newest start first, unknown dates last, then by event and act id.</summary>
    private sealed class ActOrder : IComparer<IndexedAct>
    {
        public static readonly ActOrder Instance = new();

        public int Compare(IndexedAct? x, IndexedAct? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            if ((x.From is null) != (y.From is null))
            {
                return x.From is null ? 1 : -1;
            }

            var byDate = Nullable.Compare(y.From, x.From);
            if (byDate != 0)
            {
                return byDate;
            }

            var byEvent = string.CompareOrdinal(x.Event.Id, y.Event.Id);
            return byEvent != 0 ? byEvent : string.CompareOrdinal(x.Act.Id, y.Act.Id);
        }
    }
}
