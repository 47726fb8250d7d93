using Haven.Accounts;
using Haven.Act;
using Haven.Act.Actions;
using Haven.Audit;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Haven.Tests;
using Microsoft.EntityFrameworkCore;

namespace Haven.Core.Tests.Act;

/// <summary>
/// The desk's commands on Urgent Actions (issue 18, points 1-3) on a real database (a SQLite file, or PostgreSQL
/// with HAVEN_TEST_POSTGRES): publishing checks and numbering (concurrent publications get distinct numbers, a new
/// year starts at 1), optimistic edits, case links refused, target addresses sealed and write-only, targets ordered,
/// every change audited, and only administrators and campaigners allowed.
/// </summary>
public sealed class ActDeskCommandTests : IAsyncLifetime
{
    private readonly DataDirectory _data = TestDatabases.Data(Path.Combine(Path.GetTempPath(), "haven-core-" + RandomId.New()));
    private readonly ProcessWriteLock _writeLock = new();
    private readonly SteppedTime _clock = new(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));
    private readonly UnlockedResponder _campaigner = new(RandomId.New(), "campaigner", ResponderRole.Campaigner, X25519KeyPair.Generate(), Ed25519KeyPair.Generate());
    private readonly UnlockedResponder _caseworker = new(RandomId.New(), "caseworker", ResponderRole.Caseworker, X25519KeyPair.Generate(), Ed25519KeyPair.Generate());
    private DataDirectoryContextFactory? _factory;
    private AuditedWriter? _writer;
    private ActSecrets? _secrets;

    public async Task InitializeAsync()
    {
        using (await InitInstanceCommand.ExecuteAsync(_data, CancellationToken.None))
        {
        }

        _factory = new DataDirectoryContextFactory(_data);
        var instance = new InstanceState(_data);
        _writer = new AuditedWriter(_factory, _writeLock, [], instance, _clock);
        _secrets = new ActSecrets(instance);
    }

    public Task DisposeAsync()
    {
        _campaigner.Dispose();
        _caseworker.Dispose();
        _writeLock.Dispose();
        StorageServiceCollectionExtensions.ClearSqlitePool(_data);
        Directory.Delete(_data.Path, recursive: true);
        TestDatabases.Drop(_data.Path);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Publishing_needs_every_text_a_target_and_the_consent_tick_and_gives_the_next_number_of_the_year()
    {
        var id = await DraftAsync();
        var publish = new PublishActionCommand(_writer!, _clock);
        Assert.Equal(ActDeskOutcome.TextMissing, (await publish.ExecuteAsync(id, 0, true, _campaigner, CancellationToken.None)).Problem);

        var edit = new EditActionCommand(_writer!, _clock);
        Assert.Equal(ActDeskOutcome.None, await edit.ExecuteAsync(id, 0, Edit(("en", Text("Release them")), ("ru", Text("Освободите"))), _campaigner, CancellationToken.None));
        Assert.Equal(ActDeskOutcome.ChangedElsewhere, await edit.ExecuteAsync(id, 0, Edit(("en", Text("Older")), ("ru", Text("Старое"))), _campaigner, CancellationToken.None));
        Assert.Equal(ActDeskOutcome.NoTarget, (await publish.ExecuteAsync(id, 1, true, _campaigner, CancellationToken.None)).Problem);
        await TargetAsync(id, "Ivan Petrov", "prosecutor@example.org");
        Assert.Equal(ActDeskOutcome.NoConsent, (await publish.ExecuteAsync(id, 1, false, _campaigner, CancellationToken.None)).Problem);
        Assert.Equal(ActDeskOutcome.NotAllowed, (await publish.ExecuteAsync(id, 1, true, _caseworker, CancellationToken.None)).Problem);

        var (problem, number) = await publish.ExecuteAsync(id, 1, true, _campaigner, CancellationToken.None);
        Assert.Equal(ActDeskOutcome.None, problem);
        Assert.Equal("UA 1/26", number!.Value.Display);
        Assert.Equal(ActDeskOutcome.WrongStatus, (await publish.ExecuteAsync(id, 2, true, _campaigner, CancellationToken.None)).Problem);

        await using var db = _factory!.CreateDbContext();
        var action = await db.UrgentActions.SingleAsync(a => a.Id == id);
        Assert.Equal((ActionStatus.Live, 1, 2026, true), (action.Status, action.Sequence, action.Year, action.PersonConsented));
        var audit = await db.AuditEntries.Where(e => e.SubjectId == id).OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync();
        Assert.Equal([ActActions.Created, ActActions.Edited, ActActions.TargetChanged, ActActions.Published], audit);
    }

    [Fact]
    public async Task Actions_published_at_once_get_distinct_numbers_and_a_new_year_starts_again_at_one()
    {
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await ReadyAsync());
        }

        var publish = new PublishActionCommand(_writer!, _clock);
        var results = await Task.WhenAll(ids.Select(id => publish.ExecuteAsync(id, 1, true, _campaigner, CancellationToken.None)));
        Assert.All(results, r => Assert.Equal(ActDeskOutcome.None, r.Problem));
        Assert.Equal([1, 2, 3, 4, 5, 6], results.Select(r => r.Number!.Value.Sequence).Order());

        _clock.Now = new DateTimeOffset(2027, 1, 1, 0, 0, 1, TimeSpan.Zero);
        var next = await publish.ExecuteAsync(await ReadyAsync(), 1, true, _campaigner, CancellationToken.None);
        Assert.Equal("UA 1/27", next.Number!.Value.Display);
    }

    [Theory]
    [InlineData("See case 0123456789abcdef0123456789abcdef for details")]
    [InlineData("Read https://haven.example/desk/case/1 first")]
    public async Task A_text_that_looks_like_a_case_link_is_refused(string background)
    {
        var id = await DraftAsync();
        var text = Text("Release them") with { Background = background };
        var edit = new EditActionCommand(_writer!, _clock);
        Assert.Equal(ActDeskOutcome.CaseLink, await edit.ExecuteAsync(id, 0, Edit(("en", Text("Release them")), ("ru", text)), _campaigner, CancellationToken.None));
        await using var db = _factory!.CreateDbContext();
        Assert.DoesNotContain("desk", (await db.UrgentActions.SingleAsync(a => a.Id == id)).Texts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_address_is_sealed_kept_replaced_or_removed_and_targets_keep_their_order()
    {
        var id = await DraftAsync();
        var first = await TargetAsync(id, "First", "first@example.org");
        var second = await TargetAsync(id, "Second", null);
        var third = await TargetAsync(id, "Third", null);
        var save = new SaveTargetCommand(_writer!, _secrets!);
        Assert.Equal(ActDeskOutcome.TargetInvalid, (await save.ExecuteAsync(id, null, Input("Bad"), EmailChange.Replace, "Someone <x@example.org>", _campaigner, CancellationToken.None)).Problem);

        // Changed without touching the address: it stays, sealed for this target only.
        Assert.Equal(ActDeskOutcome.None, (await save.ExecuteAsync(id, first, Input("First, renamed"), EmailChange.Keep, null, _campaigner, CancellationToken.None)).Problem);
        await using (var db = _factory!.CreateDbContext())
        {
            var target = await db.ActionTargets.SingleAsync(t => t.Id == first);
            Assert.Equal("first@example.org", _secrets!.OpenText(target.SealedEmail, ActSecrets.TargetEmail, first));
            Assert.Null(_secrets.OpenText(target.SealedEmail, ActSecrets.TargetEmail, second));
            Assert.True(target.Channels.HasFlag(TargetChannels.Email));
            Assert.Equal("First, renamed", target.Name);
        }

        Assert.Equal(ActDeskOutcome.None, (await save.ExecuteAsync(id, second, Input("Second"), EmailChange.Replace, "second@example.org", _campaigner, CancellationToken.None)).Problem);
        Assert.Equal(ActDeskOutcome.None, (await save.ExecuteAsync(id, first, Input("First"), EmailChange.Remove, null, _campaigner, CancellationToken.None)).Problem);
        var arrange = new ArrangeTargetCommand(_writer!);
        Assert.Equal(ActDeskOutcome.None, await arrange.MoveAsync(id, third, -1, _campaigner, CancellationToken.None));
        Assert.Equal(ActDeskOutcome.None, await arrange.RemoveAsync(id, first, _campaigner, CancellationToken.None));
        Assert.Equal(ActDeskOutcome.NotAllowed, await arrange.RemoveAsync(id, second, _caseworker, CancellationToken.None));

        await using var read = _factory!.CreateDbContext();
        var targets = await read.ActionTargets.Where(t => t.ActionId == id).OrderBy(t => t.Position).ToListAsync();
        Assert.Equal([(third, 0), (second, 1)], targets.Select(t => (t.Id, t.Position)));
        Assert.Equal("second@example.org", _secrets!.OpenText(targets[1].SealedEmail, ActSecrets.TargetEmail, second));
        Assert.DoesNotContain(await read.AuditEntries.Select(e => e.SubjectId).ToListAsync(), s => s != null && s.Contains('@', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Updates_keep_the_number_and_an_action_ends_with_its_outcome_and_note()
    {
        var id = await ReadyAsync();
        var update = new AddUpdateCommand(_writer!, _clock);
        Assert.Equal(ActDeskOutcome.WrongStatus, (await update.ExecuteAsync(id, Updates(("en", "Moved", "They were moved.")), _campaigner, CancellationToken.None)).Problem);
        Assert.Equal(ActDeskOutcome.None, (await new PublishActionCommand(_writer!, _clock).ExecuteAsync(id, 1, true, _campaigner, CancellationToken.None)).Problem);
        Assert.Equal(ActDeskOutcome.TextMissing, (await update.ExecuteAsync(id, Updates(("ru", "Перевели", "Их перевели.")), _campaigner, CancellationToken.None)).Problem);
        Assert.Equal((ActDeskOutcome.None, 1), await update.ExecuteAsync(id, Updates(("en", "Moved", "They were moved.")), _campaigner, CancellationToken.None));
        Assert.Equal((ActDeskOutcome.None, 2), await update.ExecuteAsync(id, Updates(("en", "Charged", "Charges were brought."), ("ru", "Обвинение", "Им предъявили обвинение.")), _campaigner, CancellationToken.None));

        var end = new EndActionCommand(_writer!, _clock);
        Assert.Equal(ActDeskOutcome.Invalid, await end.ExecuteAsync(id, 2, ActionOutcome.None, new Dictionary<string, string> { ["en"] = "Released." }, _campaigner, CancellationToken.None));
        Assert.Equal(ActDeskOutcome.ChangedElsewhere, await end.ExecuteAsync(id, 1, ActionOutcome.Achieved, new Dictionary<string, string> { ["en"] = "Released." }, _campaigner, CancellationToken.None));
        Assert.Equal(ActDeskOutcome.None, await end.ExecuteAsync(id, 2, ActionOutcome.Achieved, new Dictionary<string, string> { ["en"] = "Released.", ["ru"] = "" }, _campaigner, CancellationToken.None));

        await using var db = _factory!.CreateDbContext();
        var action = await db.UrgentActions.SingleAsync(a => a.Id == id);
        Assert.Equal((ActionStatus.Ended, ActionOutcome.Achieved, 1), (action.Status, action.Outcome, action.Sequence));
        Assert.Equal(["en"], ActJson.ReadMap<string>(action.OutcomeTexts).Keys);
        Assert.Equal([1, 2], await db.ActionUpdates.Where(u => u.ActionId == id).OrderBy(u => u.Number).Select(u => u.Number).ToListAsync());
        Assert.Equal(ActDeskOutcome.WrongStatus, await new EditActionCommand(_writer!, _clock).ExecuteAsync(id, 3, Edit(("en", Text("Again")), ("ru", Text("Снова"))), _campaigner, CancellationToken.None));
    }

    private static ActionText Text(string title) =>
        new(title, "Summary", "Background", "Write to the prosecutor", "Subject", "{salutation},\nplease act.\n{name}, {town}");

    private static ActionEdit Edit(params (string Language, ActionText Text)[] texts) =>
        new("en, ru", texts.ToDictionary(t => t.Language, t => t.Text), null, true, false);

    private static Dictionary<string, UpdateText> Updates(params (string Language, string Title, string Body)[] texts) =>
        texts.ToDictionary(t => t.Language, t => new UpdateText(t.Title, t.Body));

    private static TargetInput Input(string name) =>
        new(TargetKind.Target, name, "Prosecutor General", "Office", "1 Main Street", "ru", new Dictionary<string, string> { ["ru"] = "Уважаемый прокурор" }, TargetChannels.Post, null, null);

    private async Task<string> DraftAsync()
    {
        var (problem, id) = await new CreateActionCommand(_writer!, _clock).ExecuteAsync("en, ru", _campaigner, CancellationToken.None);
        Assert.Equal(ActDeskOutcome.None, problem);
        return id!;
    }

    /// <summary>A draft with complete texts (revision 1) and a target.</summary>
    private async Task<string> ReadyAsync()
    {
        var id = await DraftAsync();
        Assert.Equal(ActDeskOutcome.None, await new EditActionCommand(_writer!, _clock).ExecuteAsync(id, 0, Edit(("en", Text("Release them")), ("ru", Text("Освободите"))), _campaigner, CancellationToken.None));
        await TargetAsync(id, "Ivan Petrov", null);
        return id;
    }

    private async Task<string> TargetAsync(string actionId, string name, string? email)
    {
        var (problem, id) = await new SaveTargetCommand(_writer!, _secrets!).ExecuteAsync(actionId, null, Input(name), email is null ? EmailChange.Keep : EmailChange.Replace, email, _campaigner, CancellationToken.None);
        Assert.Equal(ActDeskOutcome.None, problem);
        return id!;
    }

    /// <summary>A clock the test sets.</summary>
    private sealed class SteppedTime(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
