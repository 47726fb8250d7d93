using Haven.Accounts;
using Haven.Audit;
using Haven.Crypto;
using Haven.Files;
using Haven.Instance;
using Haven.Record.Vocabulary;
using Haven.Storage;
using Haven.TeamTexts;
using Haven.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Core.Tests.Cluster;

/// <summary>
/// What must happen once for the instance, or be seen by every node, with two nodes on one PostgreSQL
/// (<see cref="TwoNodes"/>): an invitation finished on both at once makes one account, uploads on both do not
/// overrun the storage quota together, and a vocabulary change made on one is seen by the other's copy.
/// </summary>
public sealed class ClusterCompletionTests : IAsyncLifetime
{
    private const string Passphrase = "correct horse battery staple";

    private readonly DataDirectory _data = TestDatabases.Data(Path.Combine(Path.GetTempPath(), "haven-cluster-" + RandomId.New()));
    private UnlockedResponder? _admin;

    private UnlockedResponder Admin => _admin!;

    public async Task InitializeAsync()
    {
        byte[] recoveryPublicKey;
        using (var recovery = await InitInstanceCommand.ExecuteAsync(_data, CancellationToken.None))
        {
            recoveryPublicKey = recovery.PublicKey;
        }

        var (admin, _) = NewResponder.Create("Admin", Passphrase, ResponderRole.Admin, DateOnly.FromDateTime(DateTime.UtcNow));
        await using var db = StorageServiceCollectionExtensions.CreateContext(_data);
        Assert.Equal(ResponderOutcome.None, await AddResponderCommand.ExecuteAsync(db, admin, recoveryPublicKey, CancellationToken.None));
        // Its keys in memory are not the stored ones: the tests check no signature of the administrator's.
        _admin = new UnlockedResponder(admin.Id, admin.Name, ResponderRole.Admin, X25519KeyPair.Generate(), Ed25519KeyPair.Generate());
    }

    public Task DisposeAsync()
    {
        _admin?.Dispose();
        StorageServiceCollectionExtensions.ClearSqlitePool(_data);
        Directory.Delete(_data.Path, recursive: true);
        TestDatabases.Drop(_data.Path);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task One_invitation_finished_on_two_nodes_at_once_makes_one_account()
    {
        await using var nodes = new TwoNodes(_data);
        var token = InvitationTokens.New();
        await using (var db = StorageServiceCollectionExtensions.CreateContext(_data))
        {
            db.Invitations.Add(new Invitation { Id = RandomId.New(), TokenHash = InvitationTokens.Hash(token)!, Role = ResponderRole.Caseworker, CreatedBy = Admin.Id, ExpiresAt = DateTimeOffset.UtcNow.AddHours(1) });
            await db.SaveChangesAsync();
        }

        // The invitee started on node A, which died for them; they started again on node B. Both browsers finish at once.
        var enrolments = new[] { nodes.A.GetRequiredService<InvitationEnrolments>(), nodes.B.GetRequiredService<InvitationEnrolments>() };
        var bindings = new string?[2];
        string[] names = ["Vera", "Oleg"];
        for (var i = 0; i < 2; i++)
        {
            var (status, role) = await enrolments[i].CheckAsync(token, CancellationToken.None);
            Assert.Equal(InvitationStatus.Valid, status);
            var (problem, binding) = await enrolments[i].StartAsync(token, role, names[i], Passphrase, CancellationToken.None);
            Assert.Equal(ResponderOutcome.None, problem);
            bindings[i] = binding;
        }

        var codes = Enumerable.Range(0, 2).Select(i => enrolments[i].Pending(token, bindings[i]) is { } pending ? TotpCodes.Compute(pending.TotpSecret, DateTimeOffset.UtcNow) : null).ToArray();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Task.Run(() => enrolments[i].CompleteAsync(token, bindings[i], codes[i], CancellationToken.None))));

        Assert.Single(outcomes, o => o.Outcome == EnrolmentOutcome.Done);
        await using (var db = StorageServiceCollectionExtensions.CreateContext(_data))
        {
            Assert.Equal(1, await db.Responders.CountAsync(r => r.Role == ResponderRole.Caseworker));
            Assert.True(await db.Invitations.AllAsync(i => i.Used));
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "responder.added"));
        }

        var report = await AuditVerifier.VerifyChainAsync(_data, null, CancellationToken.None);
        Assert.True(report.Intact, string.Join("\n", report.Problems));
    }

    [Fact]
    public async Task Uploads_on_two_nodes_at_once_do_not_overrun_the_storage_quota_together()
    {
        const long Quota = 4L * 1024 * 1024;
        const int Size = 1024 * 1024;
        await using var nodes = new TwoNodes(_data, new Dictionary<string, string?> { ["Haven:Files:QuotaBytes"] = Quota.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var content = SodiumRandom.Bytes(Size);

        // An upload taken in holds its reservation (its record is not committed yet) until all have been tried; one
        // refused ends its request, which gives its reservation back.
        var batches = new FileBatch?[12];
        var outcomes = await Task.WhenAll(Enumerable.Range(0, batches.Length).Select(i => Task.Run(async () =>
        {
            var receiver = nodes[i].GetRequiredService<FileReceiver>();
            var batch = await receiver.NewBatchAsync(CancellationToken.None);
            using var stream = new MemoryStream(content);
            var outcome = await receiver.ReceiveAsync(batch, stream, "photo.jpg", "image/jpeg", CancellationToken.None);
            if (outcome == FileOutcome.None)
            {
                batches[i] = batch;
            }
            else
            {
                batch.Dispose();
            }

            return outcome;
        })));

        try
        {
            var taken = batches.Sum(b => b?.Files.Sum(f => f.BlobLength) ?? 0);
            Assert.True(taken <= Quota, $"{taken} bytes of files taken in on two nodes for a quota of {Quota}");
            Assert.Contains(FileOutcome.QuotaExceeded, outcomes);
            if (TestDatabases.Postgres)
            {
                Assert.InRange(await nodes.A.GetRequiredService<SharedQuota>().ReservedAsync(CancellationToken.None), taken, Quota);
            }
        }
        finally
        {
            foreach (var batch in batches)
            {
                batch?.Dispose();
            }
        }

        // Finished uploads give their reservations back, on every node.
        if (TestDatabases.Postgres)
        {
            Assert.Equal(0, await nodes.B.GetRequiredService<SharedQuota>().ReservedAsync(CancellationToken.None));
            await using var db = StorageServiceCollectionExtensions.CreateContext(_data);
            Assert.Equal(0, await db.UploadReservations.CountAsync());
        }

        // One after the other, the quota takes in what fits and refuses the next.
        var kept = new List<FileBatch>();
        try
        {
            for (var i = 0; ; i++)
            {
                var receiver = nodes[i].GetRequiredService<FileReceiver>();
                var batch = await receiver.NewBatchAsync(CancellationToken.None);
                kept.Add(batch);
                using var stream = new MemoryStream(content);
                if (await receiver.ReceiveAsync(batch, stream, "again.jpg", "image/jpeg", CancellationToken.None) != FileOutcome.None)
                {
                    Assert.Equal(3, i);
                    break;
                }
            }
        }
        finally
        {
            kept.ForEach(b => b.Dispose());
        }
    }

    [Fact]
    public async Task A_reservation_left_by_a_node_that_died_expires_and_no_longer_counts()
    {
        if (!TestDatabases.Postgres)
        {
            return; // One node: reservations live in its memory and die with it.
        }

        const long Quota = 2L * 1024 * 1024;
        await using var nodes = new TwoNodes(_data, new Dictionary<string, string?> { ["Haven:Files:QuotaBytes"] = Quota.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await using (var db = StorageServiceCollectionExtensions.CreateContext(_data))
        {
            db.UploadReservations.Add(new Haven.Cluster.UploadReservation { Id = RandomId.New(), Bytes = Quota, ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(10) });
            db.UploadReservations.Add(new Haven.Cluster.UploadReservation { Id = RandomId.New(), Bytes = Quota, ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1) });
            await db.SaveChangesAsync();
        }

        var quota = nodes.B.GetRequiredService<SharedQuota>();
        Assert.Equal(0, await quota.TryReserveAsync(RandomId.New(), 1, 1, CancellationToken.None));
        await using (var db = StorageServiceCollectionExtensions.CreateContext(_data))
        {
            Assert.Equal(1, await db.UploadReservations.CountAsync());
            await db.UploadReservations.ExecuteUpdateAsync(s => s.SetProperty(r => r.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
        }

        Assert.Equal(Quota, await quota.TryReserveAsync(RandomId.New(), Quota, Quota, CancellationToken.None));
    }

    [Fact]
    public async Task A_term_added_on_one_node_is_seen_by_the_copy_the_other_node_read_before()
    {
        await using var nodes = new TwoNodes(_data);
        var vocabularyA = nodes.A.GetRequiredService<RecordVocabulary>();
        var before = await vocabularyA.TermsAsync(TermList.ActType, CancellationToken.None);

        var added = await nodes.B.GetRequiredService<AddTermCommand>().ExecuteAsync(TermList.ActType, new Dictionary<string, string?> { ["en"] = "Blackmail online" }, Admin, CancellationToken.None);
        Assert.Equal(VocabularyOutcome.None, added.Problem);

        var after = await vocabularyA.TermsAsync(TermList.ActType, CancellationToken.None);
        Assert.Equal(before.Count + 1, after.Count);
        Assert.True(await vocabularyA.IsUsableAsync(TermList.ActType, added.Key!, CancellationToken.None));

        // Retired on A: B's copy, read since, follows too.
        Assert.True(await nodes.B.GetRequiredService<RecordVocabulary>().IsUsableAsync(TermList.ActType, added.Key!, CancellationToken.None));
        Assert.Equal(VocabularyOutcome.None, await nodes.A.GetRequiredService<RetireTermCommand>().ExecuteAsync(TermList.ActType, added.Key!, true, Admin, CancellationToken.None));
        Assert.False(await nodes.B.GetRequiredService<RecordVocabulary>().IsUsableAsync(TermList.ActType, added.Key!, CancellationToken.None));

        // A change of something else (an audited write that is not the vocabulary) keeps the copy.
        Assert.False(await vocabularyA.IsUsableAsync(TermList.ActType, added.Key!, CancellationToken.None));
    }

    [Fact]
    public async Task A_team_text_changed_on_one_node_reaches_the_intake_of_the_other_without_it_waiting_on_the_database()
    {
        await using var nodes = new TwoNodes(_data);
        var storeA = nodes.A.GetRequiredService<TeamTextStore>();
        var storeB = nodes.B.GetRequiredService<TeamTextStore>();
        await storeA.LoadAsync(CancellationToken.None);
        await storeB.LoadAsync(CancellationToken.None);
        Assert.Null(storeA.Current("en", TeamTextKind.ReplyTime));

        var change = await nodes.B.GetRequiredService<SetTeamTextCommand>().ExecuteAsync("en", TeamTextKind.ReplyTime, "within two days", "within a day", Admin, CancellationToken.None);
        Assert.Equal(TeamTextOutcome.None, change.Problem);
        Assert.Equal("within two days", storeB.Current("en", TeamTextKind.ReplyTime)?.Text);

        await Eventually.UntilAsync("node A's intake to show the text changed on node B", () => Task.FromResult(storeA.Current("en", TeamTextKind.ReplyTime)?.Text == "within two days"));
        Assert.Equal(change.Version, storeA.Current("en", TeamTextKind.ReplyTime)!.Version);
    }
}
