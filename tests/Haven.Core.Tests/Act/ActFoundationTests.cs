using Haven.Act;
using Haven.Crypto;
using Haven.Instance;
using Haven.Mail;
using Haven.Storage;
using Haven.Tests;
using Microsoft.EntityFrameworkCore;

namespace Haven.Core.Tests.Act;

/// <summary>
/// The shared ground of Act (issue 18) on a real database (a SQLite file, or PostgreSQL with HAVEN_TEST_POSTGRES):
/// counts added at once by many requests all land, sealed secrets open only for their row and purpose, outbox
/// payloads round-trip, numbers and templates.
/// </summary>
public sealed class ActFoundationTests : IAsyncLifetime
{
    private readonly DataDirectory _data = TestDatabases.Data(Path.Combine(Path.GetTempPath(), "haven-core-" + RandomId.New()));
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
        StorageServiceCollectionExtensions.ClearSqlitePool(_data);
        Directory.Delete(_data.Path, recursive: true);
        TestDatabases.Drop(_data.Path);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Counts_incremented_by_many_contexts_at_once_all_land_in_one_row_per_key()
    {
        var action = RandomId.New();
        var target = RandomId.New();
        var key = new ActionCountKey(action, target, LetterChannel.Post, "ru", "DE");
        var other = key with { Country = "" };
        var start = DateTimeOffset.UtcNow;
        await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            await using var db = _factory!.CreateDbContext();
            await ActCounts.IncrementAsync(db, i % 4 == 0 ? other : key, start.AddSeconds(i), CancellationToken.None);
        }));

        await using var read = _factory!.CreateDbContext();
        var rows = await read.ActionCounts.Where(c => c.ActionId == action).ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.Equal(30, rows.Single(r => r.Country == "DE").Count);
        Assert.Equal(10, rows.Single(r => r.Country == "").Count);
        Assert.All(rows, r => Assert.True(r.FirstAt <= r.LastAt));
        Assert.All(rows, r => Assert.Equal(LetterChannel.Post, r.Channel));
    }

    [Fact]
    public void A_sealed_secret_opens_only_for_its_row_and_purpose_and_never_holds_the_plaintext()
    {
        var secrets = new ActSecrets(_instance!);
        var id = RandomId.New();
        var sealedValue = secrets.SealText("prosecutor@example.org", ActSecrets.TargetEmail, id);
        Assert.DoesNotContain("prosecutor", System.Text.Encoding.UTF8.GetString(sealedValue), StringComparison.Ordinal);
        Assert.Equal("prosecutor@example.org", secrets.OpenText(sealedValue, ActSecrets.TargetEmail, id));
        Assert.Null(secrets.OpenText(sealedValue, ActSecrets.TargetEmail, RandomId.New()));
        Assert.Null(secrets.OpenText(sealedValue, ActSecrets.AlertAddress, id));
        sealedValue[^1] ^= 1;
        Assert.Null(secrets.OpenText(sealedValue, ActSecrets.TargetEmail, id));
    }

    [Fact]
    public async Task An_outbox_message_keeps_its_payload_sealed_and_opens_it_again()
    {
        var secrets = new ActSecrets(_instance!);
        var payload = new MailPayload(
            [new MailAddressee("Прокурор", "prosecutor@example.org")],
            [new MailAddressee("", "embassy@example.net")],
            "Освободите",
            "Уважаемый прокурор,\nтекст письма.",
            "ru");
        var now = DateTimeOffset.UtcNow;
        var message = OutboxWriter.Create(secrets, MailKind.Letter, payload, now, now.AddMinutes(5), new ActionCountKey(RandomId.New(), RandomId.New(), LetterChannel.Haven, "ru", ""));
        await using (var db = _factory!.CreateDbContext())
        {
            db.Outbox.Add(message);
            await db.SaveChangesAsync();
        }

        await using var read = _factory!.CreateDbContext();
        var stored = await read.Outbox.SingleAsync(m => m.Id == message.Id);
        Assert.DoesNotContain("prosecutor", System.Text.Encoding.UTF8.GetString(stored.Payload!), StringComparison.Ordinal);
        var opened = OutboxWriter.Open(secrets, stored);
        Assert.NotNull(opened);
        Assert.Equal("prosecutor@example.org", opened.To.Single().Address);
        Assert.Equal("embassy@example.net", opened.Cc.Single().Address);
        Assert.Equal(payload.Body, opened.Body);
        Assert.Equal(OutboxStatus.Queued, stored.Status);
        Assert.Equal("ru", stored.Language);
    }

    [Theory]
    [InlineData("12-26", 12, 2026, "UA 12/26")]
    [InlineData("1-07", 1, 2007, "UA 1/07")]
    public void Numbers_read_from_their_slug_and_show_as_ua_n_yy(string slug, int sequence, int year, string display)
    {
        Assert.True(ActionNumber.TryParseSlug(slug, out var number));
        Assert.Equal(new ActionNumber(sequence, year), number);
        Assert.Equal(display, number.Display);
        Assert.Equal(slug, number.Slug);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0-26")]
    [InlineData("12-2026")]
    [InlineData("12/26")]
    [InlineData("-12-26")]
    [InlineData("a-26")]
    [InlineData("12-26-1")]
    public void Malformed_slugs_are_refused(string? slug) => Assert.False(ActionNumber.TryParseSlug(slug, out _));

    [Fact]
    public void A_template_fills_its_placeholders_once_and_leaves_other_braces()
    {
        var letter = LetterTemplate.Render(
            "{salutation},\n{unknown} I write to {target}.\n{name}, {town}",
            new LetterFields("Dear Prosecutor", "the Prosecutor General", "Anna {town}", "Berlin"));
        Assert.Equal("Dear Prosecutor,\n{unknown} I write to the Prosecutor General.\nAnna {town}, Berlin", letter);
    }
}
