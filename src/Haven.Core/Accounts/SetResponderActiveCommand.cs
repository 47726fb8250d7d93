using Haven.Audit;
using Haven.Record.Keys;
using Microsoft.EntityFrameworkCore;

namespace Haven.Accounts;

/// <summary>
/// Disables or re-enables a responder (administrators only, never themselves). A disabled responder cannot
/// log in; the web layer also ends their live sessions. Their seals stay, so re-enabling restores access to
/// cases. Disabling a holder of documentation access rotates the documentation key (a new generation for the
/// recovery key and the remaining holders), so a re-enabled responder needs a new grant to read new coding.
/// </summary>
internal sealed class SetResponderActiveCommand(AuditedWriter writer, DocumentationKeys documentation)
{
    /// <summary>
    /// Disables or re-enables <paramref name="responderId"/>. Refuses a caller who is not an administrator or who is
    /// that responder; an unknown responder is NotFound, and asking for what is already so is Unchanged.
    /// </summary>
    public Task<AccountChange> ExecuteAsync(string responderId, bool active, UnlockedResponder admin, CancellationToken cancellationToken)
    {
        if (admin.Role != ResponderRole.Admin || responderId == admin.Id)
        {
            return Task.FromResult(AccountChange.NotAllowed);
        }

        // Read and written under the write lock: a rotation must see the holders as they are when it is saved.
        return writer.WriteAsync(
            async scope =>
            {
                var db = scope.Db;
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
                var events = new List<AuditEvent> { new(active ? "responder.enabled" : "responder.disabled", null, responderId) };
                if (!active && await DocumentationKeys.HoldsCurrentAsync(db, responderId, cancellationToken)
                    && await documentation.AddRotationAsync(db, responderId, cancellationToken) is { } generation)
                {
                    events.Add(DocumentationKeys.RotatedEvent(generation));
                }

                await scope.SaveAsync(AuditActor.For(admin), events, cancellationToken);
                return AccountChange.Done;
            },
            cancellationToken);
    }
}
