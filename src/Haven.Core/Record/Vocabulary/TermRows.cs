using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Record.Vocabulary;

/// <summary>Reading and writing one term's rows inside a command's write.</summary>
internal static class TermRows
{
    /// <summary>The term's labels by culture, tracked.</summary>
    public static async Task<Dictionary<string, StoredTermLabel>> LabelsAsync(HavenDbContext db, TermList list, string key, CancellationToken ct) =>
        await db.VocabularyTermLabels.Where(l => l.List == list && l.Key == key).ToDictionaryAsync(l => l.Culture, StringComparer.Ordinal, ct);

    /// <summary>Makes the label rows <paramref name="rows"/> say <paramref name="labels"/>.</summary>
    public static void Apply(HavenDbContext db, TermList list, string key, Dictionary<string, StoredTermLabel> rows, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (culture, row) in rows.Where(r => !labels.ContainsKey(r.Key)))
        {
            db.VocabularyTermLabels.Remove(row);
        }

        foreach (var (culture, label) in labels)
        {
            if (rows.TryGetValue(culture, out var row))
            {
                row.Label = label;
            }
            else
            {
                db.VocabularyTermLabels.Add(new StoredTermLabel { List = list, Key = key, Culture = culture, Label = label });
            }
        }
    }
}
