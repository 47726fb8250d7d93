using System.Buffers.Text;
using System.Collections.Concurrent;
using Haven.Audit;
using Haven.Crypto;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Accounts;

/// <summary>
/// Enrolment through an invitation link. The invitee's account (keys wrapped under the chosen passphrase)
/// is held in server memory, keyed by the token's hash, until they prove with a code that their
/// authenticator works; only then is it saved and the invitation spent, in one transaction. Nothing is
/// written for a half-done enrolment, and a restart simply lets the invitee start again. A pending
/// enrolment is shown and finished only in the browser that started it (its binding); another holder of
/// the link who starts again replaces it.
/// </summary>
internal sealed class InvitationEnrolments(IDbContextFactory<HavenDbContext> dbFactory, Argon2Gate gate, AuditedWriter writer, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, PendingEnrolment> _pending = new(StringComparer.Ordinal);

    /// <summary>Finds the invitation of a token and tells whether it may still be used.</summary>
    public async Task<(InvitationStatus Status, ResponderRole Role)> CheckAsync(string? token, CancellationToken cancellationToken)
    {
        var hash = InvitationTokens.Hash(token);
        if (hash is null)
        {
            return (InvitationStatus.Unknown, default);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var invitation = await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        var status = Status(invitation);
        if (status != InvitationStatus.Valid)
        {
            _pending.TryRemove(Key(hash), out _);
        }

        return (status, invitation?.Role ?? default);
    }

    /// <summary>The enrolment this browser started under this token and that waits for a code, if any.</summary>
    public PendingEnrolment? Pending(string token, string? binding)
    {
        var hash = InvitationTokens.Hash(token);
        return hash is not null && _pending.TryGetValue(Key(hash), out var pending) && pending.BelongsTo(binding) && pending.ExpiresAt > clock.GetUtcNow() ? pending : null;
    }

    /// <summary>Drops this browser's pending enrolment so that the invitee can choose another name or passphrase.</summary>
    public void Restart(string token, string? binding)
    {
        if (InvitationTokens.Hash(token) is { } hash && _pending.TryGetValue(Key(hash), out var pending) && pending.BelongsTo(binding))
        {
            _pending.TryRemove(new KeyValuePair<string, PendingEnrolment>(Key(hash), pending));
        }
    }

    /// <summary>
    /// Checks the name and passphrase and makes the account in memory with a fresh TOTP secret. The caller
    /// has checked the invitation with <see cref="CheckAsync"/>. Returns the binding for the browser's cookie.
    /// </summary>
    public async Task<(ResponderOutcome Problem, string? Binding)> StartAsync(string token, ResponderRole role, string? name, string? passphrase, CancellationToken cancellationToken)
    {
        var hash = InvitationTokens.Hash(token) ?? throw new ArgumentException("Not an invitation token.", nameof(token));
        var problem = NewResponder.Validate(name, passphrase);
        if (problem != ResponderOutcome.None)
        {
            return (problem, null);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var invitation = await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        if (Status(invitation) != InvitationStatus.Valid)
        {
            throw new InvalidOperationException("The invitation is not valid.");
        }

        var trimmed = ResponderNames.Normalize(name!);
        var free = await ResponderNames.FreeAsync(db, trimmed, cancellationToken);
        if (free != ResponderOutcome.None)
        {
            return (free, null);
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var (responder, totp) = await gate.RunAsync(Argon2Lane.Desk, () => NewResponder.Create(trimmed, passphrase!, role, today), cancellationToken);
        Sweep();
        var binding = Base64Url.EncodeToString(SodiumRandom.Bytes(32));
        _pending[Key(hash)] = new PendingEnrolment(responder, totp, invitation!.ExpiresAt, binding);
        return (ResponderOutcome.None, binding);
    }

    /// <summary>
    /// Verifies the first code, then saves the responder (with that code's time step as the last one used)
    /// and spends the invitation in one transaction, audited as <c>responder.added</c>.
    /// </summary>
    public async Task<(EnrolmentOutcome Outcome, string? ResponderId)> CompleteAsync(string token, string? binding, string? code, CancellationToken cancellationToken)
    {
        var hash = InvitationTokens.Hash(token);
        if (hash is null)
        {
            return (EnrolmentOutcome.Unknown, null);
        }

        var key = Key(hash);
        if (!_pending.TryGetValue(key, out var pending) || !pending.BelongsTo(binding))
        {
            return (EnrolmentOutcome.NotStarted, null);
        }

        var step = TotpCodes.Verify(pending.TotpSecret, code, clock.GetUtcNow());
        if (step is null)
        {
            return (EnrolmentOutcome.CodeWrong, null);
        }

        // Claim the pending enrolment: of two simultaneous submissions only one goes on.
        if (!_pending.TryRemove(new KeyValuePair<string, PendingEnrolment>(key, pending)))
        {
            return (EnrolmentOutcome.NotStarted, null);
        }

        var responder = pending.Responder;
        responder.LastTotpStep = step.Value;

        return await writer.WriteAsync(scope => SpendAndAddAsync(scope, hash, responder, cancellationToken), cancellationToken, transaction: true);
    }

    /// <summary>Spends the invitation and adds the responder in the writer's transaction: nothing is kept unless both are.</summary>
    private async Task<(EnrolmentOutcome Outcome, string? ResponderId)> SpendAndAddAsync(WriteScope scope, byte[] hash, Responder responder, CancellationToken cancellationToken)
    {
        var db = scope.Db;
        var invitation = await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        var status = Status(invitation);
        if (status != InvitationStatus.Valid)
        {
            return (status switch { InvitationStatus.Used => EnrolmentOutcome.Used, InvitationStatus.Expired => EnrolmentOutcome.Expired, _ => EnrolmentOutcome.Unknown }, null);
        }

        var spent = await db.Invitations.Where(i => i.Id == invitation!.Id && !i.Used).ExecuteUpdateAsync(s => s.SetProperty(i => i.Used, true), cancellationToken);
        if (spent == 0)
        {
            return (EnrolmentOutcome.Used, null);
        }

        // Checked again here, inside the write: another enrolment may have taken the name, or one like it.
        switch (await ResponderNames.FreeAsync(db, responder.Name, cancellationToken))
        {
            case ResponderOutcome.NameTaken:
                return (EnrolmentOutcome.NameTaken, null);
            case ResponderOutcome.NameConfusable:
                return (EnrolmentOutcome.NameConfusable, null);
        }

        db.Responders.Add(responder);
        try
        {
            await scope.SaveAsync(writer.System(dayOnly: false), new AuditEvent("responder.added", null, responder.Id), cancellationToken);
        }
        catch (DbUpdateException)
        {
            return (EnrolmentOutcome.NameTaken, null);
        }

        return (EnrolmentOutcome.Done, responder.Id);
    }

    private InvitationStatus Status(Invitation? invitation) => invitation switch
    {
        null => InvitationStatus.Unknown,
        { Used: true } => InvitationStatus.Used,
        _ when invitation.ExpiresAt <= clock.GetUtcNow() => InvitationStatus.Expired,
        _ => InvitationStatus.Valid,
    };

    /// <summary>Forgets enrolments whose invitation has expired, so that memory stays bounded by live invitations.</summary>
    private void Sweep()
    {
        var now = clock.GetUtcNow();
        foreach (var (key, pending) in _pending)
        {
            if (pending.ExpiresAt <= now)
            {
                _pending.TryRemove(key, out _);
            }
        }
    }

    private static string Key(byte[] hash) => Convert.ToHexStringLower(hash);
}
