using System.Globalization;
using Haven.Accounts;
using Haven.Audit;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Record.Keys;

/// <summary>
/// The instance documentation key (protocol.md, "Documentation key"): its current generation for writers of
/// coding, the keyring of a logged-in holder, and the administrators' grants, revocations and rotations. A
/// responder holds documentation access exactly when they have a seal of the current generation. Every change
/// goes through <see cref="AuditedWriter.WriteAsync{T}"/> (one after another on the instance) with
/// content-free audit entries: <c>documentation.key_created</c>, <c>documentation.granted</c>,
/// <c>documentation.revoked</c>, <c>documentation.key_rotated</c> (subject: the generation or the responder).
/// </summary>
internal sealed class DocumentationKeys(IDbContextFactory<HavenDbContext> dbFactory, AuditedWriter writer, InstanceState instance, TimeProvider clock)
{
    public const string CreatedAction = "documentation.key_created";
    public const string GrantedAction = "documentation.granted";
    public const string RevokedAction = "documentation.revoked";
    public const string RotatedAction = "documentation.key_rotated";
    public const string ResealedAction = "documentation.resealed";

    /// <summary>The current generation and its public key, to seal new coding to; null while the instance has none.</summary>
    public async Task<(int Generation, byte[] PublicKey)?> CurrentAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await CurrentAsync(db, cancellationToken);
    }

    /// <summary>The current generation as <paramref name="db"/> sees it (inside a write, say).</summary>
    public static async Task<(int Generation, byte[] PublicKey)?> CurrentAsync(HavenDbContext db, CancellationToken cancellationToken)
    {
        var key = await db.DocumentationKeys.AsNoTracking().OrderByDescending(k => k.Generation).FirstOrDefaultAsync(cancellationToken);
        return key is null ? null : (key.Generation, key.PublicKey);
    }

    /// <summary>
    /// Returns the current generation, first creating generation 1 (sealed to <paramref name="actor"/> and the
    /// recovery key, and put in the actor's keyring) when the instance has none and the actor is an administrator:
    /// an instance set up before Record existed gets its key from the first administrator who opens Record.
    /// </summary>
    public async Task<(int Generation, byte[] PublicKey)?> EnsureCreatedAsync(UnlockedResponder actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var current = await CurrentAsync(cancellationToken);
        if (current is not null || !DocumentationRoles.CanManage(actor.Role))
        {
            return current;
        }

        return await writer.WriteAsync<(int, byte[])?>(
            async scope =>
            {
                if (await CurrentAsync(scope.Db, cancellationToken) is { } made)
                {
                    return made;
                }

                var key = AddFirstGeneration(scope.Db, instance.Required.RecoveryPublicKey, actor.Id, actor.BoxKeys.PublicKey, Today);
                var publicKey = key.PublicKey;
                try
                {
                    await scope.SaveAsync(AuditActor.For(actor), new AuditEvent(CreatedAction, null, "1"), cancellationToken);
                }
                catch
                {
                    key.Dispose();
                    throw;
                }

                actor.Documentation.Add(1, key);
                return (1, publicKey);
            },
            cancellationToken);
    }

    /// <summary>
    /// Adds generation 1 to <paramref name="db"/> (not saved), sealed to the recovery key and to one administrator
    /// (set-up, or the first administrator who opens Record). Returns the key pair; the caller owns and disposes it.
    /// </summary>
    public static X25519KeyPair AddFirstGeneration(HavenDbContext db, byte[] recoveryPublicKey, string adminId, byte[] adminPublicKey, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(db);
        var key = X25519KeyPair.Generate();
        AddGeneration(db, 1, key, recoveryPublicKey, [(adminId, adminPublicKey)], today);
        return key;
    }

    /// <summary>
    /// Opens every documentation seal of <paramref name="responder"/> into their keyring, and wipes from it any
    /// generation they no longer hold a seal of: called at login, and by a page that needs generations granted or
    /// rotated since.
    /// </summary>
    public async Task RefreshAsync(UnlockedResponder responder, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await OpenIntoAsync(db, responder, cancellationToken);
    }

    /// <inheritdoc cref="RefreshAsync"/>
    public static async Task OpenIntoAsync(HavenDbContext db, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(responder);
        var sealedTo = (await db.DocumentationKeySeals.Where(s => s.ResponderId == responder.Id).Select(s => s.Generation).ToListAsync(cancellationToken)).ToHashSet();
        responder.Documentation.RetainOnly(sealedTo);
        var held = responder.Documentation.Generations;
        var missing = sealedTo.Where(g => !held.Contains(g)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var seals = await db.DocumentationKeySeals.AsNoTracking().Where(s => s.ResponderId == responder.Id && missing.Contains(s.Generation)).ToListAsync(cancellationToken);
        foreach (var seal in seals)
        {
            if (SealedBox.OpenKeyPair(seal.SealedKey, responder.BoxKeys) is { } key)
            {
                responder.Documentation.Add(seal.Generation, key);
            }
        }
    }

    /// <summary>Every active responder who may hold documentation access, and whether they hold the current generation; by name.</summary>
    public async Task<IReadOnlyList<DocumentationHolder>> HoldersAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var current = await db.DocumentationKeys.MaxAsync(k => (int?)k.Generation, cancellationToken) ?? 0;
        var holders = (await db.DocumentationKeySeals.Where(s => s.Generation == current && s.ResponderId != null).Select(s => s.ResponderId!).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var responders = await db.Responders.AsNoTracking().Where(r => r.Active && r.Role != ResponderRole.Caseworker).Select(r => new { r.Id, r.Name, r.Role }).ToListAsync(cancellationToken);
        return [.. responders.Where(r => DocumentationRoles.CanHold(r.Role)).OrderBy(r => r.Name, StringComparer.CurrentCulture).Select(r => new DocumentationHolder(r.Id, r.Name, r.Role, holders.Contains(r.Id)))];
    }

    /// <summary>
    /// Grants documentation access: every generation <paramref name="granter"/> holds is sealed to the grantee.
    /// Only an administrator holding the current generation grants (on an instance without a key, the first grant
    /// creates generation 1 for the granter); caseworkers are never granted.
    /// </summary>
    public async Task<DocumentationAccessOutcome> GrantAsync(string granteeId, UnlockedResponder granter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(granter);
        if (!DocumentationRoles.CanManage(granter.Role))
        {
            return DocumentationAccessOutcome.NotAllowed;
        }

        await EnsureCreatedAsync(granter, cancellationToken);
        return await writer.WriteAsync(scope => GrantAsync(scope, granteeId, granter, cancellationToken), cancellationToken);
    }

    private static async Task<DocumentationAccessOutcome> GrantAsync(WriteScope scope, string granteeId, UnlockedResponder granter, CancellationToken cancellationToken)
    {
        var db = scope.Db;
        var grantee = await db.Responders.AsNoTracking().SingleOrDefaultAsync(r => r.Id == granteeId && r.Active, cancellationToken);
        if (grantee is null)
        {
            return DocumentationAccessOutcome.NoSuchResponder;
        }

        if (!DocumentationRoles.CanHold(grantee.Role))
        {
            return DocumentationAccessOutcome.NotEntitled;
        }

        // Read under the write lock: a grant that read the generations before a rotation would seal only the old ones.
        var current = await db.DocumentationKeys.MaxAsync(k => (int?)k.Generation, cancellationToken);
        var mine = await db.DocumentationKeySeals.AsNoTracking().Where(s => s.ResponderId == granter.Id).ToListAsync(cancellationToken);
        if (current is null || !mine.Any(s => s.Generation == current))
        {
            return DocumentationAccessOutcome.NotAllowed;
        }

        var theirs = await db.DocumentationKeySeals.Where(s => s.ResponderId == granteeId).Select(s => s.Generation).ToListAsync(cancellationToken);
        var added = 0;
        foreach (var seal in mine.Where(s => !theirs.Contains(s.Generation)))
        {
            if (!SealedBox.TryOpen(seal.SealedKey, granter.BoxKeys, out var secret))
            {
                continue;
            }

            db.DocumentationKeySeals.Add(new DocumentationKeySeal { Id = RandomId.New(), Generation = seal.Generation, ResponderId = granteeId, SealedKey = SealedBox.Seal(secret, grantee.X25519PublicKey) });
            Array.Clear(secret);
            added++;
        }

        if (added == 0)
        {
            return DocumentationAccessOutcome.Unchanged;
        }

        await scope.SaveAsync(AuditActor.For(granter), new AuditEvent(GrantedAction, null, granteeId), cancellationToken);
        return DocumentationAccessOutcome.Done;
    }

    /// <summary>
    /// Revokes documentation access: removes every documentation seal of <paramref name="responderId"/> and, when
    /// they held the current generation, rotates: a new generation sealed to the recovery key and to each
    /// remaining active holder, so that coding written from now on is closed to them. Only an administrator
    /// holding the current generation revokes, and not themselves.
    /// </summary>
    public Task<DocumentationAccessOutcome> RevokeAsync(string responderId, UnlockedResponder revoker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revoker);
        if (!DocumentationRoles.CanManage(revoker.Role) || responderId == revoker.Id)
        {
            return Task.FromResult(DocumentationAccessOutcome.NotAllowed);
        }

        return writer.WriteAsync(
            async scope =>
            {
                var db = scope.Db;
                if (!await HoldsCurrentAsync(db, revoker.Id, cancellationToken))
                {
                    return DocumentationAccessOutcome.NotAllowed;
                }

                var removed = await db.DocumentationKeySeals.Where(s => s.ResponderId == responderId).ToListAsync(cancellationToken);
                if (removed.Count == 0)
                {
                    return DocumentationAccessOutcome.Unchanged;
                }

                var heldCurrent = await HoldsCurrentAsync(db, responderId, cancellationToken);
                db.DocumentationKeySeals.RemoveRange(removed);
                var events = new List<AuditEvent> { new(RevokedAction, null, responderId) };
                if (heldCurrent && await AddRotationAsync(db, responderId, cancellationToken) is { } generation)
                {
                    events.Add(RotatedEvent(generation));
                }

                await scope.SaveAsync(AuditActor.For(revoker), events, cancellationToken);
                return DocumentationAccessOutcome.Done;
            },
            cancellationToken);
    }

    /// <summary>Rotates the key by hand: a new generation sealed to the recovery key and to every active holder of the current one.</summary>
    public Task<DocumentationAccessOutcome> RotateAsync(UnlockedResponder actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!DocumentationRoles.CanManage(actor.Role))
        {
            return Task.FromResult(DocumentationAccessOutcome.NotAllowed);
        }

        return writer.WriteAsync(
            async scope =>
            {
                if (await AddRotationAsync(scope.Db, excludedResponderId: null, cancellationToken) is not { } generation)
                {
                    return DocumentationAccessOutcome.Unchanged;
                }

                await scope.SaveAsync(AuditActor.For(actor), RotatedEvent(generation), cancellationToken);
                return DocumentationAccessOutcome.Done;
            },
            cancellationToken);
    }

    /// <summary>
    /// Adds to <paramref name="db"/> (not saved) a new generation sealed to the recovery key and to every active
    /// holder of the current one except <paramref name="excludedResponderId"/>; returns it, or null when the
    /// instance has no documentation key yet (nothing to rotate). Call it holding the write lock.
    /// </summary>
    public async Task<int?> AddRotationAsync(HavenDbContext db, string? excludedResponderId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var current = await db.DocumentationKeys.MaxAsync(k => (int?)k.Generation, cancellationToken);
        if (current is null)
        {
            return null;
        }

        var holders = await db.Responders.AsNoTracking()
            .Where(r => r.Active && r.Id != excludedResponderId && db.DocumentationKeySeals.Any(s => s.Generation == current && s.ResponderId == r.Id))
            .Select(r => new { r.Id, r.X25519PublicKey })
            .ToListAsync(cancellationToken);
        var generation = current.Value + 1;
        using var key = X25519KeyPair.Generate();
        AddGeneration(db, generation, key, instance.Required.RecoveryPublicKey, holders.Select(h => (h.Id, h.X25519PublicKey)), Today);
        return generation;
    }

    /// <summary>Whether <paramref name="responderId"/> has a seal of the current generation (holds documentation access).</summary>
    public static Task<bool> HoldsCurrentAsync(HavenDbContext db, string responderId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.DocumentationKeySeals.AnyAsync(s => s.ResponderId == responderId && s.Generation == db.DocumentationKeys.Max(k => k.Generation), cancellationToken);
    }

    /// <summary>The audit entry of a rotation: its subject is the new generation.</summary>
    public static AuditEvent RotatedEvent(int generation) => new(RotatedAction, null, generation.ToString(CultureInfo.InvariantCulture));

    private static void AddGeneration(HavenDbContext db, int generation, X25519KeyPair key, byte[] recoveryPublicKey, IEnumerable<(string Id, byte[] PublicKey)> holders, DateOnly today)
    {
        var secret = key.ExportSecretKey();
        try
        {
            db.DocumentationKeys.Add(new DocumentationKey { Generation = generation, PublicKey = key.PublicKey, CreatedOn = today });
            db.DocumentationKeySeals.Add(new DocumentationKeySeal { Id = RandomId.New(), Generation = generation, ResponderId = null, SealedKey = SealedBox.Seal(secret, recoveryPublicKey) });
            foreach (var (id, publicKey) in holders)
            {
                db.DocumentationKeySeals.Add(new DocumentationKeySeal { Id = RandomId.New(), Generation = generation, ResponderId = id, SealedKey = SealedBox.Seal(secret, publicKey) });
            }
        }
        finally
        {
            Array.Clear(secret);
        }
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
