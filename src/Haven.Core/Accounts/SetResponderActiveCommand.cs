using Haven.Audit;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Accounts;

/// <summary>
/// Disables or re-enables a responder (administrators only, never themselves). A disabled responder cannot
/// log in; the web layer also ends their live sessions. Their seals stay, so re-enabling restores access.
/// </summary>
internal sealed class SetResponderActiveCommand(IDbContextFactory<HavenDbContext> dbFactory, AuditedWriter writer)
{
    /// <summary>
    /// Disables or re-enables <paramref name="responderId"/>. Refuses a caller who is not an administrator or who is
    /// that responder; an unknown responder is NotFound, and asking for what is already so is Unchanged.
    /// </summary>
    public async Task<AccountChange> ExecuteAsync(string responderId, bool active, UnlockedResponder admin, CancellationToken cancellationToken)
    {
        if (admin.Role != ResponderRole.Admin || responderId == admin.Id)
        {
            return AccountChange.NotAllowed;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var responder = await db.Responders.SingleOrDefaultAsync(r => r.Id == responderId, cancellationToken);
        if (responder is null)
        {
            return AccountChange.NotFound;
        }

        if (responder.Active == active)
        {
            return AccountChange.Unchanged;
        }

        responder.Active = active;
        await writer.SaveAsync(db, AuditActor.For(admin), new AuditEvent(active ? "responder.enabled" : "responder.disabled", null, responderId), cancellationToken);
        return AccountChange.Done;
    }
}
