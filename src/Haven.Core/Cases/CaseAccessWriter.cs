using Haven.Accounts;
using Haven.Audit;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Cases;

/// <summary>
/// What <see cref="GrantCaseCommand"/> and <see cref="RevokeCaseCommand"/> share: only a responder who may
/// manage cases changes who holds one, inside <see cref="AuditedWriter.WriteAsync{T}"/> (grants and revocations
/// of one instance happen one after another), and the same change sent twice at once (a double click) is
/// answered <see cref="GrantOutcome.Unchanged"/> when the other one already made it.
/// </summary>
internal sealed class CaseAccessWriter(IDbContextFactory<HavenDbContext> dbFactory, AuditedWriter writer)
{
    /// <summary>Runs <paramref name="work"/> inside the audited writer, or answers <see cref="GrantOutcome.NotAllowed"/> to a responder who may not manage cases.</summary>
    public Task<GrantOutcome> WriteAsync(UnlockedResponder manager, Func<WriteScope, Task<GrantOutcome>> work, CancellationToken cancellationToken) =>
        CaseRoles.CanManage(manager.Role)
            ? writer.WriteAsync(work, cancellationToken)
            : Task.FromResult(GrantOutcome.NotAllowed);

    /// <summary>
    /// Saves the change to the seals of <paramref name="responderId"/> with its audit entries:
    /// <see cref="GrantOutcome.Done"/>. When the database refuses it and the responder now holds a seal of the
    /// case exactly when the change meant them to (<paramref name="holdsAfter"/>), the other copy of the change
    /// made it: <see cref="GrantOutcome.Unchanged"/>; otherwise the refusal is thrown.
    /// </summary>
    public async Task<GrantOutcome> SaveAsync(WriteScope scope, AuditActor actor, IEnumerable<AuditEvent> events, string caseId, string responderId, bool holdsAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        try
        {
            await scope.SaveAsync(actor, events, cancellationToken);
        }
        catch (DbUpdateException)
        {
            if (await HoldsAnySealAsync(caseId, responderId, cancellationToken) == holdsAfter)
            {
                return GrantOutcome.Unchanged;
            }

            throw;
        }

        return GrantOutcome.Done;
    }

    private async Task<bool> HoldsAnySealAsync(string caseId, string responderId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CaseKeySeals.AnyAsync(s => s.CaseId == caseId && s.ResponderId == responderId, cancellationToken);
    }
}
