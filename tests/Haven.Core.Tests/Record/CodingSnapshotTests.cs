using Haven.Crypto;
using Haven.Record.Events;
using Haven.Record.Index;
using Haven.Record.Vocabulary;

namespace Haven.Core.Tests.Record;

/// <summary>
/// A snapshot brought up to date with what changed (<see cref="CodingSnapshot.Update"/>) is the snapshot a full
/// build gives: the same events, victims and acts in the same order, after every step of a random history of new
/// events, new versions (with other dates, acts and generations) and purges, over two generations.
/// </summary>
public sealed class CodingSnapshotTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void An_updated_snapshot_equals_a_snapshot_built_from_scratch_after_every_change(int seed)
    {
        var random = new Random(seed);
        CodingIndex.Slice[] slices = [new(1), new(2)];
        var ids = new List<string>();
        var snapshot = CodingSnapshot.Build(slices);
        for (var step = 0; step < 300; step++)
        {
            var changed = new HashSet<string>(StringComparer.Ordinal);
            for (var n = random.Next(1, 6); n > 0; n--)
            {
                var slice = slices[random.Next(slices.Length)];
                var roll = random.Next(10);
                if (roll < 2 && ids.Count > 0)
                {
                    // A purge: gone from every slice.
                    var id = ids[random.Next(ids.Count)];
                    foreach (var s in slices)
                    {
                        s.Events.Remove(id);
                        s.Victims.Remove(id);
                    }

                    changed.Add(id);
                }
                else if (roll < 4)
                {
                    var id = RandomId.New();
                    slice.Victims[id] = new IndexedVictim(id, "case", 1, new VictimCoding { Unit = CountingUnit.Group, GroupSize = random.Next(2, 9) });
                    ids.Add(id);
                    changed.Add(id);
                }
                else
                {
                    // A new event, or a newer version of one (in either generation), with another date and acts.
                    var id = roll < 7 || ids.Count == 0 ? RandomId.New() : ids[random.Next(ids.Count)];
                    var number = slices.Select(s => s.Events.TryGetValue(id, out var e) ? e.Number : 0).Max() + 1;
                    var start = random.Next(4) == 0 ? null : PartialDate.Create(DatePrecision.Month, 2015 + random.Next(3), 1 + random.Next(12));
                    var coding = new EventCoding { Start = start, Acts = [.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => new ActCoding { Id = RandomId.New(), Type = "threats", Victim = RandomId.New() })] };
                    slice.Events[id] = new IndexedEvent(id, "case", number, slice.Generation, coding);
                    ids.Add(id);
                    changed.Add(id);
                }
            }

            snapshot = snapshot.Update(slices, changed);
            var built = CodingSnapshot.Build(slices);
            Assert.Equal(Describe(built), Describe(snapshot));
            Assert.Equal(built.Totals, snapshot.Totals);
        }
    }

    private static string Describe(CodingSnapshot snapshot) =>
        string.Join('\n', snapshot.Acts.Select(a => $"{a.Event.Id}/{a.Event.Number}/{a.Act.Id}/{a.From}"))
        + "\nE:" + string.Join(',', snapshot.Events.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}/{e.Value.Number}"))
        + "\nV:" + string.Join(',', snapshot.Victims.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}/{v.Value.Number}"));
}
