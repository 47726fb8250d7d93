using Haven.Accounts;
using Haven.Act;
using Haven.Act.Letters;
using Haven.Audit;
using Haven.Crypto;
using Haven.Instance;
using Haven.Mail;
using Haven.Storage;
using Haven.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Core.Tests.Act;

/// <summary>
/// Supporters' letters and declarations (issue 18, point 4) on a real database (a SQLite file, or PostgreSQL with
/// HAVEN_TEST_POSTGRES): letters are queued with their copies and placeholders filled, declarations counted, a
/// replayed form (also at the same moment, from two nodes) stores and counts nothing, throttles refuse without
/// counting, moderated actions hold letters until a campaigner approves or refuses them.
/// </summary>
public sealed class LetterAcceptanceTests : IAsyncLifetime
{
    private readonly DataDirectory _data = TestDatabases.Data(Path.Combine(Path.GetTempPath(), "haven-core-" + RandomId.New()));
    private readonly ProcessWriteLock _writeLock = new();
    private readonly Clock _clock = new();
    private readonly UnlockedResponder _campaigner = new(RandomId.New(), "campaigner", ResponderRole.Campaigner, X25519KeyPair.Generate(), Ed25519KeyPair.Generate());
    private readonly UnlockedResponder _caseworker = new(RandomId.New(), "caseworker", ResponderRole.Caseworker, X25519KeyPair.Generate(), Ed25519KeyPair.Generate());
    private DataDirectoryContextFactory? _factory;
    private InstanceState? _instance;

    public async Task InitializeAsync()
    {
        using (await InitInstanceCommand.ExecuteAsync(_data, CancellationToken.None))
        {
        }

        _factory = new DataDirectoryContextFactory(_data);
        _instance = new InstanceState(_data);
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
    public async Task A_letter_is_queued_to_the_target_with_every_copy_that_has_an_address_and_its_form_counts_once()
    {
        var ua = await SeedAsync();
        var acceptance = Acceptance();
        var token = Tokens().Issue(ua.Action.Id);
        var letter = new SupporterLetter("Anna", "Berlin", "Free {target}", "{salutation},\nplease act.\n{name}, {town}");

        Assert.Equal(LetterOutcome.Queued, await acceptance.AcceptLetterAsync("3-26", ua.Target.Id, "ru", "de", letter, token, CancellationToken.None));
        Assert.Equal(LetterOutcome.Replayed, await acceptance.AcceptLetterAsync("3-26", ua.Target.Id, "ru", "de", letter, token, CancellationToken.None));
        Assert.Equal(LetterOutcome.Replayed, await acceptance.AcceptLetterAsync(ua.Action.Id, ua.Target.Id, "ru", "", letter with { Name = "Other" }, token, CancellationToken.None));

        await using var db = _factory!.CreateDbContext();
        var message = await db.Outbox.SingleAsync();
        Assert.Equal((ua.Action.Id, ua.Target.Id, "ru", "DE"), (message.ActionId, message.TargetId, message.Language, message.Country));
        Assert.Equal(MailKind.Letter, message.Kind);
        Assert.Equal(OutboxStatus.Queued, message.Status);
        Assert.DoesNotContain("prosecutor@", System.Text.Encoding.UTF8.GetString(message.Payload!), StringComparison.Ordinal);
        var payload = OutboxWriter.Open(new ActSecrets(_instance!), message)!;
        Assert.Equal("prosecutor@example.org", payload.To.Single().Address);
        Assert.Equal(["embassy@example.net"], payload.Cc.Select(c => c.Address));
        Assert.Equal("Free Ivan Petrov, Prosecutor General", payload.Subject);
        Assert.Equal("Уважаемый господин прокурор,\nplease act.\nAnna, Berlin", payload.Body);
        Assert.Equal("ru", payload.Language);
        Assert.Equal(1, await db.UsedFormTokens.CountAsync());

        // A letter counts only once it is delivered (the outbox sender): nothing counted yet, nothing audited.
        Assert.Equal(0, await db.ActionCounts.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action.StartsWith("act.")));
    }

    [Fact]
    public async Task A_declaration_is_counted_once_and_a_replay_sent_at_the_same_moment_from_two_nodes_counts_nothing()
    {
        var ua = await SeedAsync();
        var tokens = Tokens();

        // Two nodes: each its own write lock, so only the database's unique key stands between them.
        var nodes = new[] { Acceptance(new ProcessWriteLock()), Acceptance(new ProcessWriteLock()) };
        var token = tokens.Issue(ua.Action.Id);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => nodes[i % 2].DeclareAsync("3-26", ua.Target.Id, "en", "", LetterChannel.Post, token, CancellationToken.None))));
        Assert.Single(outcomes, o => o == LetterOutcome.Counted);
        Assert.All(outcomes, o => Assert.Contains(o, new[] { LetterOutcome.Counted, LetterOutcome.Replayed }));

        Assert.Equal(LetterOutcome.Counted, await nodes[0].DeclareAsync("3-26", null, "ru", "fr", LetterChannel.Fax, tokens.Issue(ua.Action.Id), CancellationToken.None));

        await using var db = _factory!.CreateDbContext();
        var counts = await db.ActionCounts.OrderBy(c => c.Channel).ToListAsync();
        Assert.Equal(2, counts.Count);
        Assert.Equal((ua.Target.Id, LetterChannel.Post, "en", "", 1), (counts[0].TargetId, counts[0].Channel, counts[0].Language, counts[0].Country, counts[0].Count));
        Assert.Equal(("", LetterChannel.Fax, "ru", "FR", 1), (counts[1].TargetId, counts[1].Channel, counts[1].Language, counts[1].Country, counts[1].Count));
        Assert.Equal(2, await db.UsedFormTokens.CountAsync());
    }

    [Fact]
    public async Task The_hourly_throttle_refuses_without_storing_or_counting_and_a_replay_takes_no_allowance()
    {
        var ua = await SeedAsync();
        var acceptance = Acceptance(options: new ActOptions { PerActionPerHour = 2 });
        var tokens = Tokens();
        var first = tokens.Issue(ua.Action.Id);
        Assert.Equal(LetterOutcome.Counted, await acceptance.DeclareAsync("3-26", ua.Target.Id, "en", "", LetterChannel.Post, first, CancellationToken.None));
        Assert.Equal(LetterOutcome.Replayed, await acceptance.DeclareAsync("3-26", ua.Target.Id, "en", "", LetterChannel.Post, first, CancellationToken.None));
        Assert.Equal(LetterOutcome.Counted, await acceptance.DeclareAsync("3-26", ua.Target.Id, "en", "", LetterChannel.Post, tokens.Issue(ua.Action.Id), CancellationToken.None));
        var refused = tokens.Issue(ua.Action.Id);
        Assert.Equal(LetterOutcome.Throttled, await acceptance.DeclareAsync("3-26", ua.Target.Id, "en", "", LetterChannel.Post, refused, CancellationToken.None));
        Assert.Equal(LetterOutcome.Throttled, await acceptance.AcceptLetterAsync("3-26", ua.Target.Id, "en", "", Letter(), tokens.Issue(ua.Action.Id), CancellationToken.None));

        await using (var db = _factory!.CreateDbContext())
        {
            Assert.Equal(2, await db.ActionCounts.SumAsync(c => c.Count));
            Assert.Equal(0, await db.Outbox.CountAsync());
            Assert.Equal(2, await db.UsedFormTokens.CountAsync());
        }

        // An hour later the allowance is back, and the refused form's token still works.
        _clock.Now = _clock.Now.AddHours(1);
        Assert.Equal(LetterOutcome.Counted, await acceptance.DeclareAsync("3-26", ua.Target.Id, "en", "", LetterChannel.Post, refused, CancellationToken.None));
    }

    [Fact]
    public async Task Forged_foreign_and_expired_tokens_are_refused_and_used_tokens_are_purged_once_expired()
    {
        var ua = await SeedAsync();
        var other = await SeedAsync(sequence: 4);
        var acceptance = Acceptance();
        var tokens = Tokens();
        var token = tokens.Issue(ua.Action.Id);
        var forged = token[..^2] + (token[^2] == 'A' ? "BA" : "AA");
        foreach (var bad in new[] { null, "", "not a token", forged, tokens.Issue(other.Action.Id) })
        {
            Assert.Equal(LetterOutcome.TokenInvalid, await acceptance.DeclareAsync("3-26", null, "en", "", LetterChannel.Post, bad, CancellationToken.None));
        }

        Assert.Equal(LetterOutcome.Counted, await acceptance.DeclareAsync("3-26", null, "en", "", LetterChannel.Post, token, CancellationToken.None));
        _clock.Now = _clock.Now.AddHours(25);
        Assert.Equal(LetterOutcome.TokenInvalid, await acceptance.DeclareAsync("3-26", null, "en", "", LetterChannel.Post, tokens.Issue(ua.Action.Id)[..^1] + "x", CancellationToken.None));
        var late = tokens.Issue(ua.Action.Id);
        _clock.Now = _clock.Now.AddHours(25);
        Assert.Equal(LetterOutcome.TokenInvalid, await acceptance.DeclareAsync("3-26", null, "en", "", LetterChannel.Post, late, CancellationToken.None));

        // The next accepted form deletes the used tokens that have expired.
        Assert.Equal(LetterOutcome.Counted, await acceptance.DeclareAsync("3-26", null, "en", "", LetterChannel.Post, tokens.Issue(ua.Action.Id), CancellationToken.None));
        await using var db = _factory!.CreateDbContext();
        Assert.Equal(1, await db.UsedFormTokens.CountAsync());
        Assert.Equal(2, await db.ActionCounts.SumAsync(c => c.Count));
    }

    [Fact]
    public async Task Letters_and_declarations_are_refused_plainly_when_they_cannot_be_taken()
    {
        var ua = await SeedAsync();
        var ended = await SeedAsync(sequence: 5, status: ActionStatus.Ended);
        var acceptance = Acceptance();
        var mailOff = Acceptance(mail: new MailOptions());
        var tokens = Tokens();
        async Task<LetterOutcome> Letter(LetterAcceptance a, string action, string target, string language, string country, SupporterLetter letter) =>
            await a.AcceptLetterAsync(action, target, language, country, letter, tokens.Issue(ua.Action.Id), CancellationToken.None);

        Assert.Equal(LetterOutcome.NotFound, await Letter(acceptance, "9-26", ua.Target.Id, "en", "", this.Letter()));
        Assert.Equal(LetterOutcome.Closed, await Letter(acceptance, "5-26", ended.Target.Id, "en", "", this.Letter()));
        Assert.Equal(LetterOutcome.NoSuchTarget, await Letter(acceptance, "3-26", ended.Target.Id, "en", "", this.Letter()));
        Assert.Equal(LetterOutcome.NoSuchTarget, await Letter(acceptance, "3-26", ua.Copy.Id, "en", "", this.Letter()));
        Assert.Equal(LetterOutcome.NoSuchTarget, await Letter(acceptance, "3-26", ua.Target.Id, "tr", "", this.Letter()));
        Assert.Equal(LetterOutcome.NoEmail, await Letter(acceptance, "3-26", ua.Unreachable.Id, "en", "", this.Letter()));
        Assert.Equal(LetterOutcome.NoEmail, await Letter(mailOff, "3-26", ua.Target.Id, "en", "", this.Letter()));
        Assert.Equal(LetterOutcome.Invalid, await Letter(acceptance, "3-26", ua.Target.Id, "en", "XX", this.Letter()));
        Assert.Equal(LetterOutcome.Invalid, await Letter(acceptance, "3-26", ua.Target.Id, "en", "", this.Letter() with { Name = " " }));
        Assert.Equal(LetterOutcome.Invalid, await Letter(acceptance, "3-26", ua.Target.Id, "en", "", this.Letter() with { Subject = "a\nb" }));
        Assert.Equal(LetterOutcome.Invalid, await Letter(acceptance, "3-26", ua.Target.Id, "en", "", this.Letter() with { Body = new string('x', 8001) }));
        Assert.Equal(LetterOutcome.Invalid, await acceptance.DeclareAsync("3-26", null, "en", "", LetterChannel.Haven, tokens.Issue(ua.Action.Id), CancellationToken.None));
        Assert.Equal(LetterOutcome.Invalid, await acceptance.DeclareAsync("3-26", null, "en", "", (LetterChannel)42, tokens.Issue(ua.Action.Id), CancellationToken.None));

        await using var db = _factory!.CreateDbContext();
        Assert.Equal(0, await db.Outbox.CountAsync());
        Assert.Equal(0, await db.UsedFormTokens.CountAsync());
    }

    [Fact]
    public async Task A_moderated_action_holds_letters_sealed_until_a_campaigner_approves_or_refuses_them()
    {
        var ua = await SeedAsync(moderated: true);
        var acceptance = Acceptance();
        var tokens = Tokens();
        Assert.Equal(LetterOutcome.Held, await acceptance.AcceptLetterAsync("3-26", ua.Target.Id, "en", "", Letter(), tokens.Issue(ua.Action.Id), CancellationToken.None));
        Assert.Equal(LetterOutcome.Held, await acceptance.DeclareAsync("3-26", ua.Target.Id, "en", "PL", LetterChannel.Social, tokens.Issue(ua.Action.Id), CancellationToken.None));
        Assert.Equal(LetterOutcome.Held, await acceptance.DeclareAsync("3-26", null, "ru", "", LetterChannel.Post, tokens.Issue(ua.Action.Id), CancellationToken.None));

        List<HeldSubmission> held;
        await using (var db = _factory!.CreateDbContext())
        {
            held = await db.HeldSubmissions.OrderBy(h => h.Channel).ToListAsync();
            Assert.Equal(3, held.Count);
            Assert.Equal(0, await db.Outbox.CountAsync());
            Assert.Equal(0, await db.ActionCounts.CountAsync());
            Assert.DoesNotContain("Anna", System.Text.Encoding.UTF8.GetString(held[0].SealedLetter!), StringComparison.Ordinal);
        }

        Assert.Equal(LetterOutcome.NotAllowed, await acceptance.ReleaseHeldAsync(held[0].Id, _caseworker, CancellationToken.None));
        Assert.Equal(LetterOutcome.NotAllowed, await acceptance.RefuseHeldAsync(held[0].Id, _caseworker, CancellationToken.None));
        Assert.Equal(LetterOutcome.Done, await acceptance.ReleaseHeldAsync(held[0].Id, _campaigner, CancellationToken.None));
        Assert.Equal(LetterOutcome.NotFound, await acceptance.ReleaseHeldAsync(held[0].Id, _campaigner, CancellationToken.None));
        Assert.Equal(LetterOutcome.Done, await acceptance.ReleaseHeldAsync(held.Single(h => h.Channel == LetterChannel.Social).Id, _campaigner, CancellationToken.None));
        Assert.Equal(LetterOutcome.Done, await acceptance.RefuseHeldAsync(held.Single(h => h.Channel == LetterChannel.Post).Id, _campaigner, CancellationToken.None));

        await using var read = _factory!.CreateDbContext();
        Assert.Equal(0, await read.HeldSubmissions.CountAsync());
        var message = await read.Outbox.SingleAsync();
        var payload = OutboxWriter.Open(new ActSecrets(_instance!), message)!;
        Assert.Equal("Dear Prosecutor General,\nAnna from Berlin", payload.Body);
        Assert.Equal(["embassy@example.net"], payload.Cc.Select(c => c.Address));
        var count = await read.ActionCounts.SingleAsync();
        Assert.Equal((LetterChannel.Social, "PL", 1), (count.Channel, count.Country, count.Count));
        Assert.Equal(1, (await read.UrgentActions.SingleAsync(a => a.Id == ua.Action.Id)).Refused);
        var audit = await read.AuditEntries.Where(e => e.Action.StartsWith("act.")).OrderBy(e => e.Seq).Select(e => new { e.Action, e.SubjectId, e.ActorId }).ToListAsync();
        Assert.Equal([ActActions.Approved, ActActions.Approved, ActActions.Refused], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal((ua.Action.Id, _campaigner.Id), (a.SubjectId, a.ActorId)));
    }

    private SupporterLetter Letter() => new("Anna", "Berlin", "Please act", "{salutation},\n{name} from {town}");

    private ActFormTokens Tokens() => new(_instance!, Options.Create(new ActOptions()), _clock);

    private LetterAcceptance Acceptance(ProcessWriteLock? writeLock = null, ActOptions? options = null, MailOptions? mail = null)
    {
        var secrets = new ActSecrets(_instance!);
        var writer = new AuditedWriter(_factory!, writeLock ?? _writeLock, [], _instance!, _clock);
        var act = Options.Create(options ?? new ActOptions());
        return new LetterAcceptance(
            writer,
            _factory!,
            secrets,
            new LetterComposer(secrets),
            new ActFormTokens(_instance!, act, _clock),
            new ActThrottle(act, new Haven.Abuse.MemoryThrottleStore(), _clock),
            act,
            Options.Create(mail ?? new MailOptions { Host = "127.0.0.1", From = "act@haven.test" }),
            _clock);
    }

    private async Task<(UrgentAction Action, ActionTarget Target, ActionTarget Copy, ActionTarget Unreachable)> SeedAsync(int sequence = 3, ActionStatus status = ActionStatus.Live, bool moderated = false)
    {
        var secrets = new ActSecrets(_instance!);
        var text = new ActionText("Free him", "Summary", "Background", "Write", "Please act", "{salutation},\n{name}");
        var action = new UrgentAction
        {
            Id = RandomId.New(),
            Sequence = sequence,
            Year = 2026,
            Status = status,
            Languages = "en,ru",
            Texts = ActJson.Write(new Dictionary<string, ActionText> { ["en"] = text, ["ru"] = text }),
            Moderated = moderated,
            CreatedAt = _clock.Now,
            UpdatedAt = _clock.Now,
            PublishedAt = _clock.Now,
        };
        ActionTarget Target(TargetKind kind, int position, string name, string title, string? email)
        {
            var id = RandomId.New();
            return new ActionTarget
            {
                Id = id,
                ActionId = action.Id,
                Kind = kind,
                Position = position,
                Name = name,
                Title = title,
                Language = "ru",
                Salutations = ActJson.Write(new Dictionary<string, string> { ["en"] = "Dear " + title, ["ru"] = "Уважаемый господин прокурор" }),
                Channels = email is null ? TargetChannels.Post : TargetChannels.Email | TargetChannels.Post,
                SealedEmail = email is null ? null : secrets.SealText(email, ActSecrets.TargetEmail, id),
            };
        }

        var target = Target(TargetKind.Target, 0, "Ivan Petrov", "Prosecutor General", "prosecutor@example.org");
        var unreachable = Target(TargetKind.Target, 1, "", "Minister", null);
        var copy = Target(TargetKind.Copy, 0, "Embassy", "Ambassador", "embassy@example.net");
        var silentCopy = Target(TargetKind.Copy, 1, "Group", "Director", null);
        await using var db = _factory!.CreateDbContext();
        db.UrgentActions.Add(action);
        db.ActionTargets.AddRange(target, unreachable, copy, silentCopy);
        await db.SaveChangesAsync();
        return (action, target, copy, unreachable);
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
