using System.Diagnostics;
using Haven.Cases;
using Haven.Crypto;
using Haven.Instance;
using Haven.Record.Events;
using Haven.Record.Index;
using Haven.Record.Keys;
using Haven.Record.Vocabulary;
using Haven.Storage;

namespace Haven.Benchmarks;

/// <summary>
/// The documentation list (issue 15) at many acts: seeds events of five acts each, sealed as the server seals them
/// (one coding to the documentation key and the case key, one narrative), then builds the in-memory coding index
/// once with a documentation keyring and times the list's query for every filter, in this process (no HTTP: the
/// desk page is not there yet). Prints the first build's time and p50/p95 per filter.
/// </summary>
internal static class RecordListBenchmark
{
    private static readonly string[] ActTypes = ["arbitrary_detention", "torture", "killing", "enforced_disappearance", "abduction", "extortion", "threats", "forced_outing", "family_violence", "entrapment", "other"];
    private static readonly string[] Perpetrators = ["state_security", "police", "military", "local_officials", "family", "other_non_state", "unknown"];
    private static readonly string[] Regions = ["RU-CE", "RU-DA", "RU-IN", "RU-MOW"];

    private static readonly (string Name, DocumentationFilter Filter)[] Filters =
    [
        ("everything, page 1", new DocumentationFilter()),
        ("everything, page 500", new DocumentationFilter { Page = 500 }),
        ("act type torture", new DocumentationFilter { ActType = "torture" }),
        ("country RU, 2017", new DocumentationFilter { Region = "RU", From = new DateOnly(2017, 1, 1), To = new DateOnly(2017, 12, 31) }),
        ("region + perpetrator police", new DocumentationFilter { Region = "RU-CE", Perpetrator = "police" }),
        ("confirmed, reliability >= 4, corroborated", new DocumentationFilter { Status = ViolationStatus.Confirmed, MinReliability = 4, Corroborated = true }),
    ];

    public static async Task<int> RunAsync(int acts, int iterations)
    {
        var path = Path.Combine(Path.GetTempPath(), "haven-bench-record-" + RandomId.New());
        var data = new DataDirectory(path, DatabaseSettings.Sqlite);
        try
        {
            using (await InitInstanceCommand.ExecuteAsync(data, CancellationToken.None))
            {
            }

            using var documentation = X25519KeyPair.Generate();
            var seed = Stopwatch.StartNew();
            await SeedAsync(data, acts, documentation.PublicKey);
            Console.WriteLine($"seeded {acts} acts in {seed.Elapsed.TotalSeconds:F1} s");

            var factory = new DataDirectoryContextFactory(data);
            using var index = new CodingIndex(factory, TimeProvider.System);
            var query = new DocumentationListQuery(index, new RecordVocabulary(factory));
            using var keyring = new DocumentationKeyring();
            keyring.Add(1, X25519KeyPair.FromSecretKey(documentation.ExportSecretKey()));

            var build = Stopwatch.StartNew();
            var all = await query.ExecuteAsync(new DocumentationFilter(), keyring, CancellationToken.None);
            Console.WriteLine($"first build of the coding index: {build.Elapsed.TotalMilliseconds:F0} ms ({all.ActCount} acts, {all.EventCount} events), {Environment.ProcessorCount} cores");
            Console.WriteLine("| filter | matching acts | p50 ms | p95 ms |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var (name, filter) in Filters)
            {
                var times = new double[iterations];
                DocumentationPage page = all;
                for (var i = 0; i < iterations; i++)
                {
                    var watch = Stopwatch.StartNew();
                    page = await query.ExecuteAsync(filter, keyring, CancellationToken.None);
                    times[i] = watch.Elapsed.TotalMilliseconds;
                }

                Array.Sort(times);
                Console.WriteLine($"| {name} | {page.ActCount} | {times[iterations / 2]:F2} | {times[(int)(iterations * 0.95)]:F2} |");
            }

            return 0;
        }
        finally
        {
            StorageServiceCollectionExtensions.ClearSqlitePool(data);
            Directory.Delete(path, recursive: true);
        }
    }

    /// <summary>
    /// A gazetteer of one country, cases, and events of five acts each with their victims, numbered as the writer
    /// numbers them; the events are spread over the four regions of the list's benchmark, or over
    /// <paramref name="regions"/> (all in RU) when given.
    /// </summary>
    internal static async Task SeedAsync(DataDirectory data, int acts, byte[] documentationPublicKey, IReadOnlyList<string>? regions = null)
    {
        var places = regions ?? Regions;
        var random = new Random(20261206);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var recovery = new InstanceState(data).Required.RecoveryPublicKey;
        await using (var db = StorageServiceCollectionExtensions.CreateContext(data))
        {
            db.GazetteerRegions.Add(new StoredRegion { Code = "RU" });
            db.GazetteerRegions.AddRange(places.Select((r, i) => new StoredRegion { Code = r, ParentCode = "RU", Position = i }));
            await db.SaveChangesAsync();
        }

        var events = acts / 5;
        var cases = Math.Max(1, events / 5);
        var caseList = new List<Case>();
        await using (var db = StorageServiceCollectionExtensions.CreateContext(data))
        {
            for (var i = 0; i < cases; i++)
            {
                var (@case, seals) = CaseRecords.NewCase(Urgency.Days, today, recovery, []);
                db.Cases.Add(@case);
                db.CaseKeySeals.AddRange(seals);
                caseList.Add(@case);
            }

            await db.SaveChangesAsync();
        }

        long seq = 0;
        const int Batch = 500;
        for (var start = 0; start < events; start += Batch)
        {
            var count = Math.Min(Batch, events - start);
            var plans = Enumerable.Range(0, count).Select(_ => Plan(random, caseList, places)).ToList();
            var versions = new RecordVersion[count * 6];
            Parallel.For(0, count, i =>
            {
                var (@case, coding, victims) = plans[i];
                for (var v = 0; v < victims.Count; v++)
                {
                    versions[(i * 6) + v] = Seal(RecordVersionKinds.Victim, victims[v], @case, RecordJson.ToUtf8(new VictimCoding { AgeBand = "26_35" }), RecordJson.ToUtf8(new VictimNarrative { Pseudonym = "p" }), documentationPublicKey, today);
                }

                versions[(i * 6) + 5] = Seal(RecordVersionKinds.Event, RandomId.New(), @case, RecordJson.ToUtf8(coding), RecordJson.ToUtf8(new EventNarrative { Title = "t" }), documentationPublicKey, today);
            });
            foreach (var version in versions)
            {
                version.Seq = ++seq;
                version.Number = 1;
            }

            await using var db = StorageServiceCollectionExtensions.CreateContext(data);
            db.RecordVersions.AddRange(versions);
            await db.SaveChangesAsync();
        }
    }

    internal static (Case Case, EventCoding Coding, List<string> Victims) Plan(Random random, List<Case> cases, IReadOnlyList<string>? regions = null)
    {
        var places = regions ?? Regions;
        var victims = Enumerable.Range(0, 5).Select(_ => RandomId.New()).ToList();
        var coding = new EventCoding
        {
            Start = PartialDate.Create(Haven.Record.Vocabulary.DatePrecision.Month, 2015 + random.Next(0, 10), random.Next(1, 13)),
            Region = places[random.Next(places.Count)],
            Status = (ViolationStatus)random.Next(0, 5),
            Acts = [.. victims.Select(v => new ActCoding { Id = RandomId.New(), Type = ActTypes[random.Next(ActTypes.Length)], Victim = v, Involvements = [new InvolvementCoding { Perpetrator = Perpetrators[random.Next(Perpetrators.Length)], Degree = "carried_out" }] })],
        };
        var @case = cases[random.Next(cases.Count)];
        var sources = random.Next(1, 4);
        for (var s = 0; s < sources; s++)
        {
            coding.Information.Add(new InformationCoding { Id = RandomId.New(), Source = s == 0 ? InformationSource.Case : InformationSource.Outside, CaseId = s == 0 ? @case.Id : null, Connection = "witness", Reliability = random.Next(1, 6) });
        }

        return (@case, coding, victims);
    }

    internal static RecordVersion Seal(string kind, string subjectId, Case @case, byte[] coding, byte[] narrative, byte[] documentationPublicKey, DateOnly today)
    {
        var id = RandomId.New();
        var sealedCoding = DocumentationEnvelope.SealCoding(coding, kind, id, documentationPublicKey, @case.PublicKey);
        var sealedNarrative = DocumentationEnvelope.SealNarrative(narrative, kind, id, @case.PublicKey);
        return new RecordVersion
        {
            Id = id,
            Kind = kind,
            SubjectId = subjectId,
            CaseId = @case.Id,
            CreatedOn = today,
            DocumentationGeneration = 1,
            CaseKeyGeneration = 1,
            Coding = sealedCoding.Ciphertext,
            CodingKeyForDocumentation = sealedCoding.KeyForDocumentation,
            CodingKeyForCase = sealedCoding.KeyForCase,
            Narrative = sealedNarrative.Ciphertext,
            NarrativeKeyForCase = sealedNarrative.KeyForCase,
        };
    }
}
