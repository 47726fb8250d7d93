using System.Text.Json;
using Haven.Accounts;
using Haven.Audit;
using Haven.Crypto;
using Haven.Figures;
using Haven.Figures.Definition;
using Haven.Figures.Disclosure;
using Haven.Figures.Releases;
using Haven.Figures.Tables;
using Haven.Record.Events;
using Haven.Record.Keys;
using Haven.Record.Vocabulary;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Record;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Record.DocumentationAccess;

namespace Haven.Web.Tests.Figures;

/// <summary>
/// Issue 17, point 3, on a real server and database (SQLite, or PostgreSQL with HAVEN_TEST_POSTGRES): an analyst
/// prepares a figure from coded events, a second person publishes it (never the preparer, never a caseworker or a
/// coordinator), a correction is a new version audited with the earlier ones (their bases decrypted), a release is
/// withdrawn only with a reason, the true counts are stored only encrypted to the documentation key, every command is
/// audited and the audit chain verifies afterwards.
/// </summary>
public sealed class FigureReleaseTests
{
    private static readonly FigureDefinition ByActType = new() { Unit = FigureUnit.Acts, Rows = new() { Axis = FigureAxis.ActType } };

    private static readonly Dictionary<string, string> Titles = new() { ["en"] = "Acts by type", ["ru"] = "Действия по видам" };

    [Fact]
    public async Task A_release_is_published_only_by_a_second_person_who_is_an_administrator_or_an_analyst()
    {
        await using var server = await HavenServer.StartAsync();
        var world = await WorldAsync(server, detentions: 12, tortures: 3);
        var prepare = server.Services.GetRequiredService<PrepareFigureCommand>();
        var approve = server.Services.GetRequiredService<ApproveFigureCommand>();

        // The preview: the truth for the desk, the published table with labels, nothing stored.
        var (previewed, preview) = await prepare.PreviewAsync(ByActType, null, world.Analyst, CancellationToken.None);
        Assert.Equal(FigureOutcome.Done, previewed);
        Assert.Equal((12, 3, 15), (Count(preview!.Truth, "arbitrary_detention"), Count(preview.Truth, "torture"), preview.Truth.Total));
        var torture = preview.Truth.RowKeys.ToList().IndexOf("torture");
        Assert.Equal(PublishedCount.Band(1, 10), preview.Published[new CellRef(torture, 0)]);
        Assert.Equal(ProtectionReason.Primary, preview.Protection.Reasons[new CellRef(torture, 0)]);
        Assert.Equal(("Torture or ill-treatment", "Пытки или жестокое обращение"), (preview.Published.Rows[torture].Labels["en"], preview.Published.Rows[torture].Labels["ru"]));
        Assert.Equal(10, preview.Published.Threshold);
        Assert.Empty(preview.Earlier);
        await using (var db = Db(server))
        {
            Assert.False(await db.FigureReleases.AnyAsync());
        }

        // Who may prepare: not a caseworker, nor an analyst without the documentation key; a title is required.
        Assert.Equal(FigureOutcome.NotAllowed, (await prepare.PreviewAsync(ByActType, null, world.Caseworker, CancellationToken.None)).Outcome);
        Assert.Equal(FigureOutcome.NoDocumentationKey, (await prepare.PreviewAsync(ByActType, null, world.OtherAnalyst, CancellationToken.None)).Outcome);
        Assert.Equal(FigureOutcome.Invalid, (await prepare.PreviewAsync(ByActType with { Columns = new() { Axis = FigureAxis.ActType } }, null, world.Analyst, CancellationToken.None)).Outcome);
        Assert.Equal(FigureOutcome.TitleRequired, (await prepare.ExecuteAsync(RandomId.New(), ByActType, new Dictionary<string, string> { ["ru"] = "Только по-русски" }, null, null, world.Analyst, CancellationToken.None)).Outcome);
        Assert.Equal(FigureOutcome.NotFound, (await prepare.PreviewAsync(ByActType, 7, world.Analyst, CancellationToken.None)).Outcome);

        var id = RandomId.New();
        var (prepared, release) = await prepare.ExecuteAsync(id, ByActType, Titles, null, null, world.Analyst, CancellationToken.None);
        Assert.Equal(FigureOutcome.Done, prepared);
        Assert.Equal((1, 1, FigureReleaseStatus.Prepared, world.Analyst.Id), (release!.Number, release.Version, release.Status, release.PreparedBy));
        var (repeated, again) = await prepare.ExecuteAsync(id, ByActType, Titles, null, null, world.Analyst, CancellationToken.None); // a repeated form
        Assert.Equal((FigureOutcome.Done, id, 1), (repeated, again!.Id, again.Number));
        Assert.Equal(FigureOutcome.AlreadyWaiting, (await prepare.ExecuteAsync(RandomId.New(), ByActType, Titles, 1, "Again", world.Analyst, CancellationToken.None)).Outcome);

        // Not the preparer, not a caseworker, not a coordinator; then another analyst (who needs no documentation key).
        Assert.Equal(FigureOutcome.SamePerson, await approve.ExecuteAsync(id, world.Analyst, CancellationToken.None));
        Assert.Equal(FigureOutcome.NotAllowed, await approve.ExecuteAsync(id, world.Caseworker, CancellationToken.None));
        Assert.Equal(FigureOutcome.NotAllowed, await approve.ExecuteAsync(id, world.Coordinator, CancellationToken.None));
        Assert.Equal(FigureOutcome.NotFound, await approve.ExecuteAsync(RandomId.New(), world.OtherAnalyst, CancellationToken.None));
        await using (var db = Db(server))
        {
            Assert.Equal(FigureReleaseStatus.Prepared, (await db.FigureReleases.SingleAsync()).Status);
        }

        Assert.Equal(FigureOutcome.Done, await approve.ExecuteAsync(id, world.OtherAnalyst, CancellationToken.None));
        Assert.Equal(FigureOutcome.NotPrepared, await approve.ExecuteAsync(id, world.Admin, CancellationToken.None));
        var desk = server.Services.GetRequiredService<DeskFiguresQuery>();
        var published = (await desk.ByNumberAsync(1, CancellationToken.None)).Single();
        Assert.Equal((FigureReleaseStatus.Published, world.OtherAnalyst.Id), (published.Status, published.ApprovedBy));
        Assert.NotNull(published.PublishedAt);
        Assert.Equal(PublishedCount.Band(1, 10), FiguresJson.FromJson<PublishedTable>(published.Published)!.Cells[torture][0]);
        Assert.Equal("Действия по видам", JsonSerializer.Deserialize<Dictionary<string, string>>(published.Titles)!["ru"]);

        await AssertAuditedAsync(server, [(FigureActions.Prepared, id, world.Analyst.Id), (FigureActions.Published, id, world.OtherAnalyst.Id)]);
    }

    [Fact]
    public async Task The_true_counts_are_stored_only_encrypted_to_the_documentation_key_and_nowhere_in_what_is_public()
    {
        await using var server = await HavenServer.StartAsync();
        var world = await WorldAsync(server, detentions: 12, tortures: 7);
        var (_, release) = await server.Services.GetRequiredService<PrepareFigureCommand>().ExecuteAsync(RandomId.New(), ByActType, Titles, null, null, world.Analyst, CancellationToken.None);

        await using var db = Db(server);
        var stored = await db.FigureReleases.AsNoTracking().SingleAsync();
        Assert.Equal(release!.Id, stored.Id);
        Assert.Equal(1, stored.DocumentationGeneration);

        // The documentation key of its generation opens it, to the true table and the reasons.
        var basis = DeskFiguresQuery.Basis(stored, world.Analyst.Documentation);
        Assert.NotNull(basis);
        var torture = basis.Value.Truth.RowKeys.ToList().IndexOf("torture");
        Assert.Equal(7, basis.Value.Truth[new CellRef(torture, 0)]);
        Assert.Equal(ProtectionReason.Primary, basis.Value.Reasons[new CellRef(torture, 0)]);
        Assert.True(world.Analyst.Documentation.TryGet(1, out var documentationKey));
        Assert.True(FigureBasisEnvelope.TryOpen(stored.Basis, stored.BasisKeyForDocumentation, documentationKey, stored.Id, out var json));
        Assert.Contains("\"reasons\"", System.Text.Encoding.UTF8.GetString(json), StringComparison.Ordinal);

        // Nothing else opens it: not the responders' own keys, not another id, not another key.
        using var stranger = X25519KeyPair.Generate();
        foreach (var key in new[] { world.Analyst.BoxKeys, world.Admin.BoxKeys, stranger })
        {
            Assert.False(FigureBasisEnvelope.TryOpen(stored.Basis, stored.BasisKeyForDocumentation, key, stored.Id, out _));
        }

        Assert.False(FigureBasisEnvelope.TryOpen(stored.Basis, stored.BasisKeyForDocumentation, documentationKey, RandomId.New(), out _));
        Assert.Null(DeskFiguresQuery.Basis(stored, world.Caseworker.Documentation));

        // The banded cell's true count is in no public column: the published table bands it, the audit says its range.
        var published = FiguresJson.FromJson<PublishedTable>(stored.Published)!;
        Assert.Equal(PublishedCount.Band(1, 10), published.Cells[torture][0]);
        Assert.DoesNotContain(Numbers(stored.Published), n => n == 7);
        Assert.DoesNotContain(Numbers(stored.Audit), n => n == 7);
        Assert.True(FiguresJson.FromJson<DisclosureAuditResult>(stored.Audit)!.Passed);

        Assert.DoesNotContain("\"reasons\"", stored.Audit + stored.Published + stored.Definition + stored.Titles, StringComparison.Ordinal);
        Assert.DoesNotContain("\"reasons\"", System.Text.Encoding.UTF8.GetString(stored.Basis), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_correction_is_a_new_version_audited_with_the_earlier_ones_and_a_release_is_withdrawn_only_with_a_reason()
    {
        await using var server = await HavenServer.StartAsync();
        var world = await WorldAsync(server, detentions: 12, tortures: 3);
        var prepare = server.Services.GetRequiredService<PrepareFigureCommand>();
        var approve = server.Services.GetRequiredService<ApproveFigureCommand>();
        var withdraw = server.Services.GetRequiredService<WithdrawFigureCommand>();
        var discard = server.Services.GetRequiredService<DiscardFigureCommand>();

        var first = (await prepare.ExecuteAsync(RandomId.New(), ByActType, Titles, null, null, world.Analyst, CancellationToken.None)).Release!;
        Assert.Equal(FigureOutcome.NotPublished, await withdraw.ExecuteAsync(first.Id, "Too early", world.Admin, CancellationToken.None));
        Assert.Equal(FigureOutcome.Done, await approve.ExecuteAsync(first.Id, world.Admin, CancellationToken.None));

        // More coding, then a correction: it must say what changed, and it is audited with version 1's true table.
        await AddEventsAsync(server, world.CaseId, world.Admin, "torture", 2);
        Assert.Equal(FigureOutcome.ChangeNoteRequired, (await prepare.ExecuteAsync(RandomId.New(), ByActType, Titles, 1, "  ", world.Analyst, CancellationToken.None)).Outcome);
        var (_, preview) = await prepare.PreviewAsync(ByActType, 1, world.Analyst, CancellationToken.None);
        var earlier = Assert.Single(preview!.Earlier);
        Assert.Equal(3, Count(earlier.Truth, "torture"));
        Assert.Equal(5, Count(preview.Truth, "torture"));
        Assert.Equal(first.Published, FiguresJson.ToJson(earlier.Published));

        var second = (await prepare.ExecuteAsync(RandomId.New(), ByActType, Titles, 1, "Two more acts of torture documented.", world.Analyst, CancellationToken.None)).Release!;
        Assert.Equal((1, 2, "Two more acts of torture documented."), (second.Number, second.Version, second.ChangeNote));

        // Refused by the second person: discarded; the figure keeps its number and the next version is 3.
        Assert.Equal(FigureOutcome.Done, await discard.ExecuteAsync(second.Id, world.OtherAnalyst, CancellationToken.None));
        Assert.Equal(FigureOutcome.NotPrepared, await discard.ExecuteAsync(second.Id, world.Analyst, CancellationToken.None));
        Assert.Equal(FigureOutcome.NotPrepared, await approve.ExecuteAsync(second.Id, world.Admin, CancellationToken.None));
        var third = (await prepare.ExecuteAsync(RandomId.New(), ByActType, Titles, 1, "Two more acts of torture.", world.Analyst, CancellationToken.None)).Release!;
        Assert.Equal(3, third.Version);
        Assert.Equal(FigureOutcome.Done, await approve.ExecuteAsync(third.Id, world.OtherAnalyst, CancellationToken.None));

        // Withdrawn with a reason only; the withdrawn version is still audited with the next correction.
        Assert.Equal(FigureOutcome.ReasonRequired, await withdraw.ExecuteAsync(first.Id, " \n ", world.Admin, CancellationToken.None));
        Assert.Equal(FigureOutcome.NotAllowed, await withdraw.ExecuteAsync(first.Id, "Wrong", world.Coordinator, CancellationToken.None));
        Assert.Equal(FigureOutcome.Done, await withdraw.ExecuteAsync(first.Id, "Counted an event twice.", world.Admin, CancellationToken.None));
        Assert.Equal(FigureOutcome.NotPublished, await withdraw.ExecuteAsync(first.Id, "Again", world.Admin, CancellationToken.None));
        var versions = await server.Services.GetRequiredService<DeskFiguresQuery>().ByNumberAsync(1, CancellationToken.None);
        Assert.Equal([FigureReleaseStatus.Withdrawn, FigureReleaseStatus.Discarded, FigureReleaseStatus.Published], versions.Select(v => v.Status));
        Assert.Equal("Counted an event twice.", versions[0].WithdrawnReason);
        var (_, later) = await prepare.PreviewAsync(ByActType, 1, world.Analyst, CancellationToken.None);
        Assert.Equal([3, 5], later!.Earlier.Select(e => Count(e.Truth, "torture")));

        // A second figure takes the next number.
        var other = (await prepare.ExecuteAsync(RandomId.New(), ByActType with { Unit = FigureUnit.Victims }, Titles, null, null, world.Analyst, CancellationToken.None)).Release!;
        Assert.Equal((2, 1), (other.Number, other.Version));
        Assert.Equal([other.Id, third.Id, second.Id, first.Id], (await server.Services.GetRequiredService<DeskFiguresQuery>().ListAsync(CancellationToken.None)).Select(r => r.Id));

        await AssertAuditedAsync(server, [
            (FigureActions.Prepared, first.Id, world.Analyst.Id),
            (FigureActions.Published, first.Id, world.Admin.Id),
            (FigureActions.Prepared, second.Id, world.Analyst.Id),
            (FigureActions.Discarded, second.Id, world.OtherAnalyst.Id),
            (FigureActions.Prepared, third.Id, world.Analyst.Id),
            (FigureActions.Published, third.Id, world.OtherAnalyst.Id),
            (FigureActions.Withdrawn, first.Id, world.Admin.Id),
            (FigureActions.Prepared, other.Id, world.Analyst.Id),
        ]);
    }

    [Fact]
    public async Task A_version_whose_stored_audit_did_not_pass_is_never_published()
    {
        await using var server = await HavenServer.StartAsync();
        var world = await WorldAsync(server, detentions: 12, tortures: 3);
        var prepare = server.Services.GetRequiredService<PrepareFigureCommand>();
        var approve = server.Services.GetRequiredService<ApproveFigureCommand>();
        var prepared = (await prepare.ExecuteAsync(RandomId.New(), ByActType, Titles, null, null, world.Analyst, CancellationToken.None)).Release!;
        Assert.Contains("\"passed\":true", prepared.Audit, StringComparison.Ordinal);

        // The row says its audit failed (as an older build, or a hand, could have stored it).
        await using (var db = Db(server))
        {
            var row = await db.FigureReleases.SingleAsync(r => r.Id == prepared.Id);
            row.Audit = row.Audit.Replace("\"passed\":true", "\"passed\":false", StringComparison.Ordinal);
            await db.SaveChangesAsync();
        }

        Assert.Equal(FigureOutcome.AuditFailed, await approve.ExecuteAsync(prepared.Id, world.Admin, CancellationToken.None));
        await using (var db = Db(server))
        {
            Assert.Equal(FigureReleaseStatus.Prepared, (await db.FigureReleases.SingleAsync(r => r.Id == prepared.Id)).Status);
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action == FigureActions.Published));
        }
    }

    [Fact]
    public async Task A_prepared_version_is_stale_once_another_version_of_the_figure_was_published_after_it()
    {
        await using var server = await HavenServer.StartAsync();
        var world = await WorldAsync(server, detentions: 12, tortures: 3);
        var prepare = server.Services.GetRequiredService<PrepareFigureCommand>();
        var approve = server.Services.GetRequiredService<ApproveFigureCommand>();
        var first = (await prepare.ExecuteAsync(RandomId.New(), ByActType, Titles, null, null, world.Analyst, CancellationToken.None)).Release!;
        Assert.Equal(FigureOutcome.Done, await approve.ExecuteAsync(first.Id, world.Admin, CancellationToken.None));
        var second = (await prepare.ExecuteAsync(RandomId.New(), ByActType, Titles, 1, "Recounted.", world.Analyst, CancellationToken.None)).Release!;

        // Another process published a version 3 of the figure in the meantime (written here as it would store it).
        await using (var db = Db(server))
        {
            var copy = await db.FigureReleases.AsNoTracking().SingleAsync(r => r.Id == first.Id);
            copy.Id = RandomId.New();
            copy.Version = 3;
            copy.PublishedAt = server.Clock.GetUtcNow().AddMinutes(1);
            db.FigureReleases.Add(copy);
            await db.SaveChangesAsync();
        }

        Assert.Equal(FigureOutcome.Stale, await approve.ExecuteAsync(second.Id, world.OtherAnalyst, CancellationToken.None));
        await using (var db = Db(server))
        {
            Assert.Equal(FigureReleaseStatus.Prepared, (await db.FigureReleases.SingleAsync(r => r.Id == second.Id)).Status);
        }
    }

    private static int Count(FigureTable table, string row) => table[new CellRef(table.RowKeys.ToList().IndexOf(row), 0)];

    private static List<double> Numbers(string json)
    {
        using var document = JsonDocument.Parse(json);
        var numbers = new List<double>();
        void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Number:
                    numbers.Add(e.GetDouble());
                    break;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                    {
                        Walk(item);
                    }

                    break;
                case JsonValueKind.Object:
                    foreach (var property in e.EnumerateObject())
                    {
                        Walk(property.Value);
                    }

                    break;
            }
        }

        Walk(document.RootElement);
        return numbers;
    }

    private static async Task AssertAuditedAsync(HavenServer server, (string Action, string Subject, string Actor)[] expected)
    {
        await using (var db = Db(server))
        {
            var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action.StartsWith("figure.")).OrderBy(e => e.Seq).ToListAsync();
            Assert.Equal(expected, entries.Select(e => (e.Action, e.SubjectId!, e.ActorId)));
            Assert.All(entries, e => Assert.Null(e.CaseId));
        }

        var report = await AuditVerifier.VerifyChainAsync(server.Data, null, CancellationToken.None);
        Assert.True(report.Intact, string.Join("; ", report.Problems.Select(p => p.Problem)));
    }

    private static async Task<World> WorldAsync(HavenServer server, int detentions, int tortures)
    {
        await EventScenario.AddRegionsAsync(server);
        using var adminClient = server.CreateClient();
        var written = await CaseScenario.WriteAsync(server, adminClient, new CaseTexts("what happened to me", ["testimony"], "signal", "we read you", null));
        var admin = Session(server, HavenServer.AdminName);

        // The first coding creates the documentation key; then it is granted.
        await AddEventsAsync(server, written.CaseId, admin, "arbitrary_detention", detentions);
        var analyst = await LoggedInAsync(server, "Analyst", ResponderRole.Analyst, admin, documentation: true);
        var other = await LoggedInAsync(server, "Second analyst", ResponderRole.Analyst, admin, documentation: false);
        var coordinator = await LoggedInAsync(server, "Coordinator", ResponderRole.Coordinator, admin, documentation: true);
        var caseworker = await LoggedInAsync(server, "Caseworker", ResponderRole.Caseworker, admin, documentation: false);
        await AddEventsAsync(server, written.CaseId, admin, "torture", tortures);
        return new World(written.CaseId, admin, analyst, other, coordinator, caseworker);
    }

    private static async Task<UnlockedResponder> LoggedInAsync(HavenServer server, string name, ResponderRole role, UnlockedResponder admin, bool documentation)
    {
        var responder = await Accounts.Accounts.AddResponderAsync(server, name, role);
        if (documentation)
        {
            Assert.Equal(DocumentationAccessOutcome.Done, await Keys(server).GrantAsync(responder.Id, admin, CancellationToken.None));
        }

        using var client = server.CreateClient();
        await responder.LoginAsync(server, client);
        return Session(server, name);
    }

    /// <summary>Adds <paramref name="count"/> events of March 2017 in Chechnya, each with one act of <paramref name="actType"/> against a new victim.</summary>
    private static async Task AddEventsAsync(HavenServer server, string caseId, UnlockedResponder admin, string actType, int count)
    {
        var services = server.Services;
        for (var i = 0; i < count; i++)
        {
            var victimId = RandomId.New();
            Assert.Equal(
                RecordWriteOutcome.Saved,
                await services.GetRequiredService<SaveVictimCommand>().ExecuteAsync(victimId, caseId, RandomId.New(), null, new VictimCoding { AgeBand = "18_25" }, new VictimNarrative { Pseudonym = "P" }, admin, CancellationToken.None));
            var actId = RandomId.New();
            var coding = new EventCoding
            {
                Start = PartialDate.Create(DatePrecision.Month, 2017, 3),
                Region = "RU-CE",
                Status = ViolationStatus.Confirmed,
                Acts = [new ActCoding { Id = actId, Type = actType, Victim = victimId }],
            };
            var narrative = new EventNarrative { Title = "E", Acts = [new ActNarrative { Id = actId }] };
            Assert.Equal(RecordWriteOutcome.Saved, await services.GetRequiredService<CreateEventCommand>().ExecuteAsync(caseId, RandomId.New(), RandomId.New(), coding, narrative, "victim", 4, admin, CancellationToken.None));
        }
    }

    private sealed record World(string CaseId, UnlockedResponder Admin, UnlockedResponder Analyst, UnlockedResponder OtherAnalyst, UnlockedResponder Coordinator, UnlockedResponder Caseworker);
}
