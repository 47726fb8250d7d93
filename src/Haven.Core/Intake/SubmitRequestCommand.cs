using Haven.Accounts;
using Haven.Cases;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Intake;

/// <summary>
/// Sends the first request: creates the case and its keys, the source entry and the encrypted request record
/// (or testimony record, for a person whose first words are a testimony), in one transaction. A repeated submit of the same form stores nothing twice.
/// </summary>
internal sealed class SubmitRequestCommand(InstanceState instance, IDbContextFactory<HavenDbContext> dbFactory, IOptions<IntakeOptions> options, TimeProvider clock, Audit.AuditedWriter writer, Abuse.SubmissionThrottle throttle)
{
    public IntakeOutcome Validate(RequestInput input, int fileCount = 0)
    {
        var limits = options.Value;
        if (!CaseRecords.IsValidId(input.RecordId))
        {
            return IntakeOutcome.FormExpired;
        }

        if (input.Help.Count > HelpKinds.All.Count || input.Help.Any(h => !HelpKinds.All.Contains(h)))
        {
            return IntakeOutcome.HelpInvalid;
        }

        if (input.Urgency is null || !Enum.IsDefined(input.Urgency.Value))
        {
            return IntakeOutcome.UrgencyInvalid;
        }

        if (input.Testimony is not null && (input.Help.Count > 0 || input.Contact is not null))
        {
            return IntakeOutcome.HelpInvalid;
        }

        if (string.IsNullOrWhiteSpace(input.Text) && input.Help.Count == 0 && fileCount == 0 && input.Testimony is null)
        {
            return IntakeOutcome.TextMissing;
        }

        if (input.Text is not null && input.Text.Length > limits.MaxTextLength)
        {
            return IntakeOutcome.TextTooLong;
        }

        if (input.Contact is not null && input.Contact.Length > limits.MaxContactLength)
        {
            return IntakeOutcome.ContactTooLong;
        }

        return IntakeOutcome.None;
    }

    /// <summary>
    /// Validates the form (<see cref="Validate"/>) and stores the request, returning the new case's id. A second submit
    /// with the same receipt returns the case it already made; refuses a new case when the submission throttle is
    /// spent.
    /// </summary>
    /// <returns>The case id, or the problem that stopped it (then nothing is stored).</returns>
    /// <param name="keys">The person's receipt keys.</param>
    /// <param name="input">What they typed.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <param name="files">Files already received into pending blobs; made final only if this request is stored.</param>
    public async Task<(string? CaseId, IntakeOutcome Problem)> ExecuteAsync(ReceiptKeys keys, RequestInput input, CancellationToken cancellationToken, Files.FileBatch? files = null)
    {
        var problem = Validate(input, files?.Count ?? 0);
        if (problem != IntakeOutcome.None)
        {
            return (null, problem);
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.Sources.AsNoTracking().SingleOrDefaultAsync(s => s.LookupId == keys.LookupId, cancellationToken);
        if (existing is not null)
        {
            // The same receipt already sent its request (a double submit, or a second tab): nothing to add twice.
            return (existing.CaseId, IntakeOutcome.None);
        }

        if (!await throttle.TryNewCaseAsync(cancellationToken))
        {
            return (null, IntakeOutcome.Throttled);
        }

        var recipients = await db.Responders.AsNoTracking()
            .Where(r => r.Active && (r.Role == ResponderRole.Admin || r.Role == ResponderRole.Coordinator))
            .Select(r => new { r.Id, r.X25519PublicKey })
            .ToListAsync(cancellationToken);
        var (@case, seals) = CaseRecords.NewCase(input.Urgency!.Value, today, instance.Required.RecoveryPublicKey, recipients.Select(r => (r.Id, r.X25519PublicKey)));
        // No explicit transaction: the one SaveChanges under the audit log's lock is atomic, and a transaction
        // opened here would read a snapshot before that lock and fail (SQLite: busy) when another request wrote meanwhile.
        db.Cases.Add(@case);
        db.CaseKeySeals.AddRange(seals);
        db.Sources.Add(new Source { LookupId = keys.LookupId, CaseId = @case.Id, PublicKey = keys.SourceKeys.PublicKey });
        var content = input.Testimony is null
            ? new RecordContent { Help = input.Help, Text = input.Text ?? "", Contact = string.IsNullOrWhiteSpace(input.Contact) ? null : input.Contact, Files = files?.Attachments() }
            : new RecordContent { Text = input.Text ?? "", Testimony = input.Testimony, Files = files?.Attachments() };
        CaseRecords.Append(db, @case, input.RecordId, input.Testimony is null ? RecordKinds.Request : RecordKinds.Testimony, content, null, today);
        if (files is not null)
        {
            db.Files.AddRange(files.Rows(@case.Id, input.RecordId, today));
        }

        try
        {
            // The blobs are put in place first: a request is never stored, nor answered "sent", without them.
            files?.Publish();
            await writer.SaveAsync(db, writer.System(dayOnly: true), [new Audit.AuditEvent("case.created", @case.Id), .. files?.ReceivedEvents(@case.Id) ?? []], cancellationToken);
            files?.Commit();
        }
        catch (DbUpdateException)
        {
            // Nothing was stored: the blobs are pending again, deleted with the batch.
            files?.Unpublish();
            await using var check = await dbFactory.CreateDbContextAsync(cancellationToken);
            var winner = await check.Sources.AsNoTracking().SingleOrDefaultAsync(s => s.LookupId == keys.LookupId, cancellationToken);
            if (winner is not null)
            {
                return (winner.CaseId, IntakeOutcome.None);
            }

            // The form's record id is another case's record (a forged or replayed field): the form is stale, not a fault.
            if (await check.Records.AnyAsync(r => r.Id == input.RecordId, cancellationToken))
            {
                return (null, IntakeOutcome.FormExpired);
            }

            throw;
        }

        return (@case.Id, IntakeOutcome.None);
    }
}
