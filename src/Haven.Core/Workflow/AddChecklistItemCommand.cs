using System.Globalization;
using Haven.Accounts;
using Haven.Audit;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Workflow;

/// <summary>Adds a custom item at the end of the checklist; audited as <c>checklist.added</c>.</summary>
internal sealed class AddChecklistItemCommand(IDbContextFactory<HavenDbContext> dbFactory, AuditedWriter writer)
{
    /// <summary>
    /// Adds <paramref name="text"/>, trimmed, as the last active item. Refuses a responder who may not configure the
    /// checklist (NotFound), an empty text and one longer than <see cref="WorkflowOptions.MaxItemLength"/>.
    /// </summary>
    public async Task<ChecklistOutcome> ExecuteAsync(string? text, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        if (!ChecklistRoles.CanConfigure(responder.Role))
        {
            return ChecklistOutcome.NotFound;
        }

        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return ChecklistOutcome.TextMissing;
        }

        if (trimmed.Length > WorkflowOptions.MaxItemLength)
        {
            return ChecklistOutcome.TextTooLong;
        }

        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

            // The id is chosen here so that the audit entry, saved with the item, can name it.
            var id = (await db.ChecklistItems.MaxAsync(i => (int?)i.Id, cancellationToken) ?? 0) + 1;
            var position = (await db.ChecklistItems.MaxAsync(i => (int?)i.Position, cancellationToken) ?? 0) + 1;
            db.ChecklistItems.Add(new ChecklistItem { Id = id, Text = trimmed, Position = position, Active = true });
            try
            {
                await writer.SaveAsync(db, AuditActor.For(responder), new AuditEvent("checklist.added", null, id.ToString(CultureInfo.InvariantCulture)), cancellationToken);
                return ChecklistOutcome.None;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Another item took the id: try again.
            }
        }
    }
}
