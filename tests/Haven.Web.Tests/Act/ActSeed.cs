using Haven.Act;
using Haven.Crypto;
using Haven.Storage;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Act;

/// <summary>
/// Stores a published Urgent Action straight into a test server's database, as the desk's commands would leave it
/// (branch uadesk builds them at the same time): texts in English, Russian and Turkish, a target with an e-mail
/// address, a target without one, a copy with an address and a copy without, and an update.
/// </summary>
internal sealed record ActSeed(UrgentAction Action, ActionTarget Target, ActionTarget PostOnly, ActionTarget Copy, string Domain)
{
    public const string Slug = "7-26";

    /// <summary>Every e-mail address stored for a target or copy: none may appear on a public page or in a log.</summary>
    public IReadOnlyList<string> Addresses => ["prosecutor@" + Domain, "embassy@" + Domain];

    public static async Task<ActSeed> InsertAsync(HavenServer server, string? domain = null, bool moderated = false, ActionStatus status = ActionStatus.Live, int sequence = 7)
    {
        domain ??= RandomId.New()[..10] + ".test";
        var secrets = server.Services.GetRequiredService<ActSecrets>();
        var action = new UrgentAction
        {
            Id = RandomId.New(),
            Sequence = sequence,
            Year = 2026,
            Status = status,
            Languages = "en,ru,tr",
            Texts = ActJson.Write(new Dictionary<string, ActionText>
            {
                ["en"] = new("Journalist detained in Grozny", "A journalist was detained on 1 December and is held without charge.", "He reported on the purge.\n\nHis family has not seen him.", "Call for his immediate release\nAsk that he sees a lawyer of his choice", "Release the journalist", "{salutation},\n\nI urge you to release the journalist at once.\n\nYours sincerely,\n{name}, {town}"),
                ["ru"] = new("Журналист задержан в Грозном", "Журналиста задержали 1 декабря, обвинений нет.", "Он писал о преследованиях.", "Требуйте немедленно освободить его\nПотребуйте допустить к нему адвоката", "Освободите журналиста", "{salutation}!\n\nПрошу немедленно освободить журналиста.\n\nС уважением,\n{name}, {town}"),
                ["tr"] = new("Grozni'de gazeteci gözaltında", "Bir gazeteci 1 Aralık'ta gözaltına alındı.", "", "Derhal serbest bırakılmasını isteyin", "Gazeteciyi serbest bırakın", "{salutation},\n\nGazetecinin derhal serbest bırakılmasını rica ediyorum.\n\n{name}, {town}"),
            }),
            Deadline = new DateOnly(2027, 1, 15),
            Moderated = moderated,
            CreatedAt = server.Clock.GetUtcNow(),
            UpdatedAt = server.Clock.GetUtcNow(),
            PublishedAt = server.Clock.GetUtcNow(),
            Outcome = status == ActionStatus.Ended ? ActionOutcome.Achieved : ActionOutcome.None,
            OutcomeTexts = status == ActionStatus.Ended ? ActJson.Write(new Dictionary<string, string> { ["en"] = "He was released on 20 December.", ["ru"] = "Его освободили 20 декабря." }) : null,
            EndedAt = status == ActionStatus.Ended ? server.Clock.GetUtcNow() : null,
        };
        ActionTarget Target(TargetKind kind, int position, string name, string title, string? email, Dictionary<string, string> salutations)
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
                Organisation = "Office of the Prosecutor General",
                PostalAddress = "Ulitsa Bolshaya Dmitrovka 15a\nMoscow 125993\nRussia",
                Language = "ru",
                Salutations = ActJson.Write(salutations),
                Channels = email is null ? TargetChannels.Post | TargetChannels.Fax : TargetChannels.Email | TargetChannels.Post,
                SealedEmail = email is null ? null : secrets.SealText(email, ActSecrets.TargetEmail, id),
                Fax = email is null ? "+7 495 000 00 00" : null,
            };
        }

        var target = Target(TargetKind.Target, 0, "Igor Krasnov", "Prosecutor General", "prosecutor@" + domain, new() { ["en"] = "Dear Prosecutor General", ["ru"] = "Уважаемый Генеральный прокурор", ["tr"] = "Sayın Başsavcı" });
        var postOnly = Target(TargetKind.Target, 1, "Ramzan Head", "Head of the Republic", null, new() { ["en"] = "Dear Head of the Republic" });
        var copy = Target(TargetKind.Copy, 0, "Embassy of the Russian Federation", "Ambassador", "embassy@" + domain, new() { ["en"] = "Your Excellency" });
        var silent = Target(TargetKind.Copy, 1, "Human rights group", "Director", null, new() { ["en"] = "Dear Director" });
        var factory = server.Services.GetRequiredService<IDbContextFactory<HavenDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        db.UrgentActions.Add(action);
        db.ActionTargets.AddRange(target, postOnly, copy, silent);
        db.ActionUpdates.Add(new ActionUpdate
        {
            Id = RandomId.New(),
            ActionId = action.Id,
            Number = 1,
            Texts = ActJson.Write(new Dictionary<string, UpdateText> { ["en"] = new("Moved to another prison", "He was moved on 3 December."), ["ru"] = new("Переведён в другую тюрьму", "Его перевели 3 декабря.") }),
            PublishedAt = server.Clock.GetUtcNow(),
            WrittenBy = "campaigner",
        });
        await db.SaveChangesAsync();
        return new ActSeed(action, target, postOnly, copy, domain);
    }

    /// <summary>The sum of the action's counts.</summary>
    public async Task<int> CountAsync(HavenServer server)
    {
        var factory = server.Services.GetRequiredService<IDbContextFactory<HavenDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await db.ActionCounts.Where(c => c.ActionId == Action.Id).SumAsync(c => c.Count);
    }

    /// <summary>The action's letters in the outbox.</summary>
    public async Task<int> QueuedAsync(HavenServer server)
    {
        var factory = server.Services.GetRequiredService<IDbContextFactory<HavenDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await db.Outbox.CountAsync(m => m.ActionId == Action.Id);
    }
}
