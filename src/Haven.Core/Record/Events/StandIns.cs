// TEMPORARY: the contract's names from branches `vocab` and `dockey` (RECORD-DESIGN.md), so that this branch builds
// before they are merged. Deleted when they are.
using System.Globalization;
using Haven.Crypto;

namespace Haven.Record.Vocabulary
{
    /// <summary>Stand-in (contract).</summary>
    internal enum TermList
    {
        ActType,
        VictimStatus,
        PerpetratorType,
        InvolvementDegree,
        SourceConnection,
        AgeBand,
    }

    /// <summary>Stand-in (contract).</summary>
    internal enum DatePrecision
    {
        Day,
        Month,
        Year,
        Unknown,
    }

    /// <summary>Stand-in (contract).</summary>
    internal enum ViolationStatus
    {
        Confirmed,
        Likely,
        Possible,
        Unlikely,
        Unknown,
    }

    /// <summary>Stand-in (contract).</summary>
    internal enum CountingUnit
    {
        Individual,
        Family,
        Group,
    }

    /// <summary>Stand-in (contract).</summary>
    internal enum Confidentiality
    {
        Restricted,
        Confidential,
        Public,
    }

    /// <summary>Stand-in (contract).</summary>
    internal sealed record VocabularyTerm(string Key, bool Retired, IReadOnlyDictionary<string, string> Labels)
    {
        public string Label(CultureInfo c) => Labels.TryGetValue(c.TwoLetterISOLanguageName, out var l) ? l : Labels["en"];
    }

    /// <summary>Stand-in (contract).</summary>
    internal sealed record GazetteerRegion(string Key, string? ParentKey, bool Retired, IReadOnlyDictionary<string, string> Labels)
    {
        public string Label(CultureInfo c) => Labels.TryGetValue(c.TwoLetterISOLanguageName, out var l) ? l : Labels["en"];
    }

    /// <summary>Stand-in (contract).</summary>
    internal class RecordVocabulary
    {
        public List<GazetteerRegion> Regions { get; } = [];

        public virtual Task<bool> IsUsableAsync(TermList list, string key, CancellationToken ct) => Task.FromResult(key.Length > 0);

        public virtual Task<IReadOnlyList<GazetteerRegion>> RegionsAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<GazetteerRegion>>(Regions);

        public virtual Task<bool> IsUsableRegionAsync(string key, CancellationToken ct) => Task.FromResult(Regions.Any(r => r.Key == key && !r.Retired));
    }
}

namespace Haven.Record.Keys
{
    /// <summary>Stand-in (contract).</summary>
    internal sealed class DocumentationKeyring(Dictionary<int, X25519KeyPair> keys)
    {
        public IReadOnlyCollection<int> Generations => keys.Keys;

        public bool TryGet(int generation, out X25519KeyPair key) => keys.TryGetValue(generation, out key!);
    }

    /// <summary>Stand-in (contract).</summary>
    internal class DocumentationKeys
    {
        public (int Generation, byte[] PublicKey)? Current { get; set; }

        public virtual Task<(int Generation, byte[] PublicKey)?> CurrentAsync(CancellationToken ct) => Task.FromResult(Current);
    }
}
