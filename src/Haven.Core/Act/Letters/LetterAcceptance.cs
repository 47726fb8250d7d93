using Haven.Accounts;
using Haven.Audit;
using Haven.Crypto;
using Haven.Mail;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Act.Letters;

/// <summary>
/// Takes in what supporters send from the public pages (issue 18, point 4) and what a campaigner decides about
/// held ones. A letter goes into the mail outbox (counted when the SMTP server accepts it), a declaration ("I sent
/// it myself") is counted at once, and on a moderated action either waits as a <see cref="HeldSubmission"/>. Each
/// is stored in the same save as its used form token, so a replayed form (even one sent twice at the same moment)
/// stores and counts nothing. Supporters are anonymous: nothing of theirs goes in the audit or a log.
/// </summary>
internal sealed class LetterAcceptance(
    AuditedWriter writer,
    IDbContextFactory<HavenDbContext> dbFactory,
    ActSecrets secrets,
    LetterComposer composer,
    ActFormTokens tokens,
    ActThrottle throttle,
    IOptions<ActOptions> actOptions,
    IOptions<MailOptions> mailOptions,
    TimeProvider clock)
{
    /// <summary>The longest name or town accepted.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The longest subject accepted.</summary>
    public const int MaxSubjectLength = 300;

    /// <summary>Accepts a letter to be sent through Haven to <paramref name="targetId"/> of the action (its slug "12-26" or id).</summary>
    public async Task<LetterOutcome> AcceptLetterAsync(
        string actionSlugOrId,
        string targetId,
        string language,
        string? country,
        SupporterLetter letter,
        string? formToken,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var (found, action, target) = await FindAsync(actionSlugOrId, targetId, language, cancellationToken);
        if (found != LetterOutcome.Done)
        {
            return found;
        }

        if (target is null || target.Kind != TargetKind.Target)
        {
            return LetterOutcome.NoSuchTarget;
        }

        if (!mailOptions.Value.IsOn || !composer.HasAddress(target))
        {
            return LetterOutcome.NoEmail;
        }

        if (Clean(letter) is not { } clean || !ActCountries.TryNormalize(country, out var countryCode))
        {
            return LetterOutcome.Invalid;
        }

        if (!tokens.TryCheck(formToken, action!.Id, out var usedHash, out var expiresAt))
        {
            return LetterOutcome.TokenInvalid;
        }

        return await StoreAsync(action, usedHash, expiresAt, async (db, now) =>
        {
            if (action.Moderated)
            {
                var id = RandomId.New();
                db.HeldSubmissions.Add(new HeldSubmission
                {
                    Id = id,
                    ActionId = action.Id,
                    TargetId = target.Id,
                    Channel = LetterChannel.Haven,
                    Language = language,
                    Country = countryCode,
                    SealedLetter = secrets.Seal(ActJson.WriteBytes(clean), ActSecrets.Held, id),
                    CreatedAt = now,
                });
                return LetterOutcome.Held;
            }

            var copies = await db.ActionTargets.AsNoTracking().Where(t => t.ActionId == action.Id && t.Kind == TargetKind.Copy).ToListAsync(cancellationToken);
            if (composer.Compose(target, copies, clean, language) is not { } payload)
            {
                return LetterOutcome.NoEmail;
            }

            db.Outbox.Add(Queue(payload, now, new ActionCountKey(action.Id, target.Id, LetterChannel.Haven, language, countryCode)));
            return LetterOutcome.Queued;
        }, cancellationToken);
    }

    /// <summary>
    /// Accepts a supporter's word that they sent the letter themselves (<paramref name="channel"/>: own e-mail,
    /// post, fax, social), to <paramref name="targetId"/> or, when null or empty, to the action's targets as a whole.
    /// </summary>
    public async Task<LetterOutcome> DeclareAsync(
        string actionSlugOrId,
        string? targetId,
        string language,
        string? country,
        LetterChannel channel,
        string? formToken,
        CancellationToken cancellationToken)
    {
        var (found, action, target) = await FindAsync(actionSlugOrId, targetId, language, cancellationToken);
        if (found != LetterOutcome.Done)
        {
            return found;
        }

        if (target is { Kind: not TargetKind.Target })
        {
            return LetterOutcome.NoSuchTarget;
        }

        if (channel is LetterChannel.Haven || !Enum.IsDefined(channel) || !ActCountries.TryNormalize(country, out var countryCode))
        {
            return LetterOutcome.Invalid;
        }

        if (!tokens.TryCheck(formToken, action!.Id, out var usedHash, out var expiresAt))
        {
            return LetterOutcome.TokenInvalid;
        }

        var key = new ActionCountKey(action.Id, target?.Id ?? "", channel, language, countryCode);
        return await StoreAsync(action, usedHash, expiresAt, (db, now) =>
        {
            if (action.Moderated)
            {
                db.HeldSubmissions.Add(new HeldSubmission
                {
                    Id = RandomId.New(),
                    ActionId = action.Id,
                    TargetId = key.TargetId,
                    Channel = channel,
                    Language = language,
                    Country = countryCode,
                    CreatedAt = now,
                });
                return Task.FromResult(LetterOutcome.Held);
            }

            return Task.FromResult(LetterOutcome.Counted);
        }, cancellationToken, countAfterSave: key);
    }

    /// <summary>A campaigner approves a held letter (queued now) or declaration (counted now); the held row is deleted. Audited <see cref="ActActions.Approved"/>.</summary>
    public Task<LetterOutcome> ReleaseHeldAsync(string heldId, UnlockedResponder campaigner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaigner);
        if (!ActRoles.CanCampaign(campaigner.Role))
        {
            return Task.FromResult(LetterOutcome.NotAllowed);
        }

        return writer.WriteAsync(
            async scope =>
            {
                var db = scope.Db;
                if (await db.HeldSubmissions.SingleOrDefaultAsync(h => h.Id == heldId, cancellationToken) is not { } held)
                {
                    return LetterOutcome.NotFound;
                }

                var now = clock.GetUtcNow();
                var key = new ActionCountKey(held.ActionId, held.TargetId, held.Channel, held.Language, held.Country);
                if (held.Channel == LetterChannel.Haven)
                {
                    var targets = await db.ActionTargets.AsNoTracking().Where(t => t.ActionId == held.ActionId).ToListAsync(cancellationToken);
                    var letter = secrets.Open(held.SealedLetter, ActSecrets.Held, held.Id) is { } json ? ActJson.Read<SupporterLetter>(json) : null;
                    var target = targets.SingleOrDefault(t => t.Id == held.TargetId && t.Kind == TargetKind.Target);
                    if (letter is null || target is null || composer.Compose(target, targets, letter, held.Language) is not { } payload)
                    {
                        return LetterOutcome.NoEmail;
                    }

                    db.Outbox.Add(Queue(payload, now, key));
                }

                db.HeldSubmissions.Remove(held);
                await scope.SaveAsync(AuditActor.For(campaigner), new AuditEvent(ActActions.Approved, null, held.ActionId), cancellationToken);
                if (held.Channel != LetterChannel.Haven)
                {
                    await ActCounts.IncrementAsync(db, key, now, cancellationToken);
                }

                return LetterOutcome.Done;
            },
            cancellationToken,
            transaction: true);
    }

    /// <summary>A campaigner refuses a held letter or declaration: the row is deleted and the action's refused count goes up. Audited <see cref="ActActions.Refused"/>.</summary>
    public Task<LetterOutcome> RefuseHeldAsync(string heldId, UnlockedResponder campaigner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaigner);
        if (!ActRoles.CanCampaign(campaigner.Role))
        {
            return Task.FromResult(LetterOutcome.NotAllowed);
        }

        return writer.WriteAsync(
            async scope =>
            {
                var db = scope.Db;
                if (await db.HeldSubmissions.SingleOrDefaultAsync(h => h.Id == heldId, cancellationToken) is not { } held)
                {
                    return LetterOutcome.NotFound;
                }

                if (await db.UrgentActions.SingleOrDefaultAsync(a => a.Id == held.ActionId, cancellationToken) is { } action)
                {
                    action.Refused++;
                }

                db.HeldSubmissions.Remove(held);
                await scope.SaveAsync(AuditActor.For(campaigner), new AuditEvent(ActActions.Refused, null, held.ActionId), cancellationToken);
                return LetterOutcome.Done;
            },
            cancellationToken);
    }

    /// <summary>Finds a published action by slug or id, checks it is live, has <paramref name="language"/>, and finds the target (null when none asked).</summary>
    private async Task<(LetterOutcome Outcome, UrgentAction? Action, ActionTarget? Target)> FindAsync(string actionSlugOrId, string? targetId, string language, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await ActionLookup.FindPublishedAsync(db, actionSlugOrId, cancellationToken) is not { } action)
        {
            return (LetterOutcome.NotFound, null, null);
        }

        if (action.Status != ActionStatus.Live)
        {
            return (LetterOutcome.Closed, action, null);
        }

        if (!ActionLookup.LanguagesOf(action).Contains(language, StringComparer.Ordinal))
        {
            return (LetterOutcome.NoSuchTarget, action, null);
        }

        if (string.IsNullOrEmpty(targetId))
        {
            return (LetterOutcome.Done, action, null);
        }

        return await db.ActionTargets.AsNoTracking().SingleOrDefaultAsync(t => t.Id == targetId && t.ActionId == action.Id, cancellationToken) is { } target
            ? (LetterOutcome.Done, action, target)
            : (LetterOutcome.NoSuchTarget, action, null);
    }

    /// <summary>Takes the throttles, then stores the used token and what <paramref name="add"/> adds (and the count) in one transaction.</summary>
    private async Task<LetterOutcome> StoreAsync(
        UrgentAction action,
        string usedHash,
        DateTimeOffset expiresAt,
        Func<HavenDbContext, DateTimeOffset, Task<LetterOutcome>> add,
        CancellationToken cancellationToken,
        ActionCountKey? countAfterSave = null)
    {
        await using (var read = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await read.UsedFormTokens.AnyAsync(t => t.TokenHash == usedHash, cancellationToken))
            {
                return LetterOutcome.Replayed;
            }
        }

        if (!await throttle.TryTakeAsync(action.Id, cancellationToken))
        {
            return LetterOutcome.Throttled;
        }

        var outcome = await writer.WriteAsync(
            async scope =>
            {
                var db = scope.Db;
                var now = clock.GetUtcNow();
                if (await db.UsedFormTokens.AnyAsync(t => t.TokenHash == usedHash, cancellationToken))
                {
                    return LetterOutcome.Replayed;
                }

                // Used tokens are kept only until they would be refused anyway. (SQL, because SQLite stores the time
                // as text that EF cannot compare; every value here is UTC, so the text compares in time order.)
                await db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM action_form_tokens WHERE expires_at < {now}", cancellationToken);
                db.UsedFormTokens.Add(new UsedFormToken { TokenHash = usedHash, ActionId = action.Id, ExpiresAt = expiresAt });
                var result = await add(db, now);
                if (result is not (LetterOutcome.Queued or LetterOutcome.Held or LetterOutcome.Counted))
                {
                    return result;
                }

                try
                {
                    await scope.SaveAsync(writer.System(dayOnly: true), [], cancellationToken);
                }
                catch (DbUpdateException)
                {
                    // Another request stored the same token first (the primary key refused this one).
                    return LetterOutcome.Replayed;
                }

                if (result == LetterOutcome.Counted && countAfterSave is not null)
                {
                    await ActCounts.IncrementAsync(db, countAfterSave, now, cancellationToken);
                }

                return result;
            },
            cancellationToken,
            transaction: true);
        if (outcome is not (LetterOutcome.Queued or LetterOutcome.Held or LetterOutcome.Counted))
        {
            await throttle.GiveBackAsync(action.Id);
        }

        return outcome;
    }

    private OutboxMessage Queue(MailPayload payload, DateTimeOffset now, ActionCountKey key) =>
        OutboxWriter.Create(secrets, MailKind.Letter, payload, now, OutboxSchedule.LetterDue(now, mailOptions.Value), key);

    private SupporterLetter? Clean(SupporterLetter letter)
    {
        var name = letter.Name?.Trim() ?? "";
        var town = letter.Town?.Trim() ?? "";
        var subject = letter.Subject?.Trim() ?? "";
        var body = letter.Body?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() ?? "";
        return name.Length is 0 or > MaxNameLength || town.Length is 0 or > MaxNameLength
            || subject.Length is 0 or > MaxSubjectLength || body.Length == 0 || body.Length > actOptions.Value.MaxLetterLength
            || subject.Contains('\n', StringComparison.Ordinal) || subject.Contains('\r', StringComparison.Ordinal)
            ? null
            : new SupporterLetter(name, town, subject, body);
    }
}
