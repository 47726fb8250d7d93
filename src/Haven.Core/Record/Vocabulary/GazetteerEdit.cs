using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Record.Vocabulary;

/// <summary>
/// The whole gazetteer loaded (tracked) into one command's context, so that a change or an import of thousands of
/// lines is checked against it in memory and saved in one go. Keeps the two levels: a region's parent is a country.
/// </summary>
internal sealed class GazetteerEdit
{
    private readonly HavenDbContext _db;
    private readonly Dictionary<string, StoredRegion> _regions;
    private readonly Dictionary<string, Dictionary<string, StoredRegionLabel>> _labels;
    private readonly int _maxRegions;

    private GazetteerEdit(HavenDbContext db, List<StoredRegion> regions, List<StoredRegionLabel> labels, int maxRegions)
    {
        _db = db;
        _regions = regions.ToDictionary(r => r.Code, StringComparer.Ordinal);
        _labels = labels.GroupBy(l => l.Code).ToDictionary(g => g.Key, g => g.ToDictionary(l => l.Culture, StringComparer.Ordinal), StringComparer.Ordinal);
        _maxRegions = maxRegions;
    }

    /// <summary>Loads every region and label into <paramref name="db"/>, tracked.</summary>
    public static async Task<GazetteerEdit> LoadAsync(HavenDbContext db, int maxRegions, CancellationToken ct) =>
        new(db, await db.GazetteerRegions.ToListAsync(ct), await db.GazetteerRegionLabels.ToListAsync(ct), maxRegions);

    /// <summary>Whether a region with <paramref name="code"/> exists (or was added in this edit).</summary>
    public bool Contains(string code) => _regions.ContainsKey(code);

    /// <summary>Whether <paramref name="code"/> is a country (exists, no parent).</summary>
    public bool IsCountry(string code) => _regions.TryGetValue(code, out var region) && region.ParentCode is null;

    /// <summary>
    /// Adds the region <paramref name="code"/> under <paramref name="parentCode"/> (null for a country), or gives an
    /// existing one that parent and these labels (a culture given empty loses its label). Nothing is saved.
    /// </summary>
    public VocabularyOutcome Set(string code, string? parentCode, IReadOnlyDictionary<string, string?> labels, out RegionChangeKind change)
    {
        change = RegionChangeKind.None;
        if (!VocabularyRules.IsRegionKey(code) || (parentCode is not null && !VocabularyRules.IsRegionKey(parentCode)))
        {
            return VocabularyOutcome.InvalidCode;
        }

        if (parentCode is not null && (parentCode == code || !IsCountry(parentCode)))
        {
            return VocabularyOutcome.InvalidParent;
        }

        _regions.TryGetValue(code, out var region);
        var rows = _labels.GetValueOrDefault(code) ?? new Dictionary<string, StoredRegionLabel>(StringComparer.Ordinal);
        var current = rows.ToDictionary(r => r.Key, r => r.Value.Label, StringComparer.Ordinal);
        var problem = LabelSet.TryMerge(current, labels, out var merged);
        if (problem != VocabularyOutcome.None)
        {
            return problem;
        }

        if (region is null)
        {
            if (_regions.Count >= _maxRegions)
            {
                return VocabularyOutcome.TooManyRegions;
            }

            var last = _regions.Values.Where(r => r.ParentCode == parentCode).Select(r => r.Position).DefaultIfEmpty(0).Max();
            region = new StoredRegion { Code = code, ParentCode = parentCode, Position = last + 10 };
            _db.GazetteerRegions.Add(region);
            _regions[code] = region;
            change = RegionChangeKind.Added;
        }
        else if (region.ParentCode != parentCode)
        {
            if (parentCode is not null && _regions.Values.Any(r => r.ParentCode == code))
            {
                return VocabularyOutcome.HasRegions;
            }

            region.ParentCode = parentCode;
            region.Position = _regions.Values.Where(r => r.ParentCode == parentCode && r != region).Select(r => r.Position).DefaultIfEmpty(0).Max() + 10;
            change = RegionChangeKind.Changed;
        }

        if (!LabelSet.Same(current, merged))
        {
            foreach (var (culture, row) in rows.Where(r => !merged.ContainsKey(r.Key)).ToList())
            {
                _db.GazetteerRegionLabels.Remove(row);
                rows.Remove(culture);
            }

            foreach (var (culture, label) in merged)
            {
                if (rows.TryGetValue(culture, out var row))
                {
                    row.Label = label;
                }
                else
                {
                    var added = new StoredRegionLabel { Code = code, Culture = culture, Label = label };
                    _db.GazetteerRegionLabels.Add(added);
                    rows[culture] = added;
                }
            }

            _labels[code] = rows;
            change = change == RegionChangeKind.None ? RegionChangeKind.Changed : change;
        }

        return VocabularyOutcome.None;
    }

    /// <summary>Retires or restores a region; a retired country's regions cannot be used either.</summary>
    public VocabularyOutcome SetRetired(string code, bool retired)
    {
        if (!_regions.TryGetValue(code, out var region))
        {
            return VocabularyOutcome.UnknownRegion;
        }

        if (region.Retired == retired)
        {
            return VocabularyOutcome.Unchanged;
        }

        region.Retired = retired;
        return VocabularyOutcome.None;
    }
}
