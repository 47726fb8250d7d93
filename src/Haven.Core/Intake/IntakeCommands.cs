using Haven.Abuse;
using Haven.Accounts;
using Haven.Cases;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Intake;

/// <summary>Draws a new receipt and derives its keys. Nothing is stored until the request is sent.</summary>
internal sealed class CreateReceiptCommand(InstanceState instance, Argon2Gate gate)
{
    public Task<(string Receipt, ReceiptKeys Keys)> ExecuteAsync(CancellationToken cancellationToken)
    {
        var pepper = instance.Required.Pepper;
        return gate.RunAsync(() =>
        {
            var receipt = Receipt.Generate();
            return (receipt, ReceiptDerivation.Derive(receipt, pepper));
        }, cancellationToken);
    }
}

internal enum OpenReceiptOutcome
{
    Opened,
    Malformed,
    Unknown,
    Throttled,
}

/// <summary>What opening a receipt gave: the keys and case when opened; when to try again (RetryAfter) when throttled.</summary>
internal sealed record OpenReceiptResult(OpenReceiptOutcome Outcome, ReceiptKeys? Keys = null, string? CaseId = null, TimeSpan RetryAfter = default);

/// <summary>
/// A person comes back with their receipt. A receipt that is not 20 digits is refused at once and counts for
/// nothing; a well-formed one reserves its turn in the instance's Argon2id budget (<see cref="ReceiptThrottle"/>)
/// before its derivation, then is looked up.
/// </summary>
internal sealed class OpenReceiptCommand(InstanceState instance, Argon2Gate gate, ReceiptThrottle throttle, IDbContextFactory<HavenDbContext> dbFactory, TimeProvider clock)
{
    public async Task<OpenReceiptResult> ExecuteAsync(string? typed, CancellationToken cancellationToken)
    {
        if (!Receipt.TryNormalize(typed, out var digits))
        {
            return new OpenReceiptResult(OpenReceiptOutcome.Malformed);
        }

        var ticket = throttle.TryAdmit();
        if (!ticket.Admitted)
        {
            return new OpenReceiptResult(OpenReceiptOutcome.Throttled, RetryAfter: ticket.RetryAfter);
        }

        await ticket.WaitForTurnAsync(clock, cancellationToken);
        var pepper = instance.Required.Pepper;
        ReceiptKeys keys;
        try
        {
            keys = await gate.RunAsync(() => ReceiptDerivation.Derive(digits, pepper), cancellationToken);
        }
        catch (Exception e) when (e is ServerBusyException or OperationCanceledException)
        {
            ticket.GiveBack();
            throw;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var source = await db.Sources.AsNoTracking().SingleOrDefaultAsync(s => s.LookupId == keys.LookupId, cancellationToken);
        if (source is null)
        {
            keys.Dispose();
            return new OpenReceiptResult(OpenReceiptOutcome.Unknown);
        }

        return new OpenReceiptResult(OpenReceiptOutcome.Opened, keys, source.CaseId);
    }
}

/// <summary>What a person sends with their first request.</summary>
internal sealed record RequestInput(string RecordId, IReadOnlyList<string> Help, Urgency? Urgency, string? Text, string? Contact);

/// <summary>
/// Sends the first request: creates the case and its keys, the source entry and the encrypted request record,
/// in one transaction. A repeated submit of the same form stores nothing twice.
/// </summary>
internal sealed class SubmitRequestCommand(InstanceState instance, IDbContextFactory<HavenDbContext> dbFactory, IOptions<IntakeOptions> options, TimeProvider clock, Audit.AuditLog audit, Abuse.SubmissionThrottle throttle)
{
    public IntakeProblem Validate(RequestInput input, int fileCount = 0)
    {
        var limits = options.Value;
        if (!CaseRecords.IsValidId(input.RecordId))
        {
            return IntakeProblem.FormExpired;
        }

        if (input.Help.Count > HelpKinds.All.Count || input.Help.Any(h => !HelpKinds.All.Contains(h)))
        {
            return IntakeProblem.HelpInvalid;
        }

        if (input.Urgency is null || !Enum.IsDefined(input.Urgency.Value))
        {
            return IntakeProblem.UrgencyInvalid;
        }

        if (string.IsNullOrWhiteSpace(input.Text) && input.Help.Count == 0 && fileCount == 0)
        {
            return IntakeProblem.TextMissing;
        }

        if (input.Text is not null && input.Text.Length > limits.MaxTextLength)
        {
            return IntakeProblem.TextTooLong;
        }

        if (input.Contact is not null && input.Contact.Length > limits.MaxContactLength)
        {
            return IntakeProblem.ContactTooLong;
        }

        return IntakeProblem.None;
    }

    /// <returns>The case id, or the problem that stopped it (then nothing is stored).</returns>
    /// <param name="keys">The person's receipt keys.</param>
    /// <param name="input">What they typed.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <param name="files">Files already received into pending blobs; made final only if this request is stored.</param>
    public async Task<(string? CaseId, IntakeProblem Problem)> ExecuteAsync(ReceiptKeys keys, RequestInput input, CancellationToken cancellationToken, Files.FileBatch? files = null)
    {
        var problem = Validate(input, files?.Count ?? 0);
        if (problem != IntakeProblem.None)
        {
            return (null, problem);
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.Sources.AsNoTracking().SingleOrDefaultAsync(s => s.LookupId == keys.LookupId, cancellationToken);
        if (existing is not null)
        {
            // The same receipt already sent its request (a double submit, or a second tab): nothing to add twice.
            return (existing.CaseId, IntakeProblem.None);
        }

        if (!throttle.TryNewCase())
        {
            return (null, IntakeProblem.Throttled);
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
        var content = new RecordContent { Help = input.Help, Text = input.Text ?? "", Contact = string.IsNullOrWhiteSpace(input.Contact) ? null : input.Contact, Files = files?.Attachments() };
        CaseRecords.Append(db, @case, input.RecordId, RecordKinds.Request, content, null, today);
        if (files is not null)
        {
            db.Files.AddRange(files.Rows(@case.Id, input.RecordId, today));
        }

        try
        {
            // The blobs are put in place first: a request is never stored, nor answered "sent", without them.
            files?.Publish();
            await audit.SaveWithAsync(db, audit.System(dayOnly: true), new Audit.AuditEvent("case.created", @case.Id), cancellationToken);
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
                return (winner.CaseId, IntakeProblem.None);
            }

            throw;
        }

        return (@case.Id, IntakeProblem.None);
    }
}

/// <summary>A person's follow-up message on their case: validated here, stored by <see cref="MessageWriter"/> with group commit.</summary>
internal sealed class SendMessageCommand(IOptions<IntakeOptions> options, MessageWriter writer)
{
    /// <param name="caseId">The person's case.</param>
    /// <param name="recordId">The form's record id (a double submit stores one message).</param>
    /// <param name="text">What they wrote; may be empty when files come with it.</param>
    /// <param name="cancellationToken">Cancels the request while it waits to be queued.</param>
    /// <param name="files">Files already received into pending blobs; made final only if this message is stored.</param>
    public async Task<IntakeProblem> ExecuteAsync(string caseId, string recordId, string? text, CancellationToken cancellationToken, Files.FileBatch? files = null)
    {
        if (!CaseRecords.IsValidId(recordId))
        {
            return IntakeProblem.FormExpired;
        }

        if (string.IsNullOrWhiteSpace(text) && (files is null || files.Count == 0))
        {
            return IntakeProblem.TextMissing;
        }

        if (text is not null && text.Length > options.Value.MaxTextLength)
        {
            return IntakeProblem.TextTooLong;
        }

        return await writer.WriteAsync(caseId, recordId, text ?? "", files, cancellationToken);
    }
}

/// <summary>
/// One entry of the conversation as the person sees it: a reply (with its text and files), or what they sent
/// on one day, counted (<paramref name="Count"/> messages in a row, which their key cannot open anyway, and
/// the <paramref name="FileCount"/> files that came with them: a count the <c>files</c> table holds in
/// plaintext, never their names).
/// </summary>
internal sealed record SourceEntry(string Kind, DateOnly On, string? Text, IReadOnlyList<Files.FileAttachment>? Files = null, int Count = 1, int FileCount = 0);

/// <summary>One page of the conversation, oldest first; <paramref name="HasEarlier"/> when an older page exists.</summary>
internal sealed record SourceConversation(IReadOnlyList<SourceEntry> Entries, bool HasEarlier, bool HasReply);

/// <summary>
/// The conversation as the person sees it, newest page first: replies decrypted with the source key; their
/// own messages only as "sent on" entries, because the source key cannot open them, by design. A page holds
/// at most <see cref="IntakeOptions.ConversationPageSize"/> records, so a long conversation costs no more to
/// show than a short one; the person pages back to earlier ones.
/// </summary>
internal sealed class SourceConversationQuery(IDbContextFactory<HavenDbContext> dbFactory, IOptions<IntakeOptions> options)
{
    /// <summary>
    /// One page of what the person can see, newest first: what they sent and what the team answered. Notes,
    /// case data, workflow steps and working copies are the team's and must not show, not even as a dated
    /// entry. The person's own messages are listed by kind, day and number of files only (their key cannot
    /// open them), so no ciphertext is read here. Pages count visible records only: the team's records must not show, not even
    /// through page sizes. Compiled once: this runs on every page a person loads.
    /// </summary>
    private static readonly Func<HavenDbContext, string, int, int, IAsyncEnumerable<VisibleRow>> PageOfRows = EF.CompileAsyncQuery(
        (HavenDbContext db, string caseId, int skip, int take) => db.Records.AsNoTracking()
            .Where(r => r.CaseId == caseId && (r.Kind == RecordKinds.Request || r.Kind == RecordKinds.Message || r.Kind == RecordKinds.Reply))
            .OrderByDescending(r => r.Seq).Skip(skip).Take(take)
            .Select(r => new VisibleRow(r.Kind, r.CreatedOn, r.KeyForSource != null, r.Id, r.Kind == RecordKinds.Reply ? 0 : db.Files.Count(f => f.RecordId == r.Id && f.OriginalId == null))));

    private static readonly Func<HavenDbContext, string, CancellationToken, Task<bool>> AnyReply = EF.CompileAsyncQuery(
        (HavenDbContext db, string caseId, CancellationToken _) => db.Records.Any(r => r.CaseId == caseId && r.Kind == RecordKinds.Reply));

    /// <summary>Page 1 is the newest; <paramref name="page"/> below 1 counts as 1.</summary>
    public async Task<SourceConversation> ExecuteAsync(string caseId, ReceiptKeys keys, int page, CancellationToken cancellationToken)
    {
        var size = options.Value.ConversationPageSize;
        var skip = (int)Math.Min((long)(Math.Max(page, 1) - 1) * size, int.MaxValue);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = new List<VisibleRow>(size + 1);
        await foreach (var row in PageOfRows(db, caseId, skip, size + 1).WithCancellation(cancellationToken))
        {
            rows.Add(row);
        }

        var hasEarlier = rows.Count > size;
        if (hasEarlier)
        {
            rows.RemoveAt(size);
        }

        rows.Reverse();
        var openableIds = rows.Where(r => r.Openable).Select(r => r.Id).ToList();
        var openable = openableIds.Count == 0
            ? []
            : await db.Records.AsNoTracking().Where(r => r.CaseId == caseId && openableIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, StringComparer.Ordinal, cancellationToken);
        var entries = new List<SourceEntry>(rows.Count);
        foreach (var row in rows)
        {
            if (row.Kind == RecordKinds.Reply)
            {
                var content = openable.TryGetValue(row.Id, out var record) && record.KeyForSource is not null
                    ? CaseRecords.Open(record, record.KeyForSource, keys.SourceKeys)
                    : null;
                entries.Add(new SourceEntry(row.Kind, row.CreatedOn, content?.Text, content?.Files));
            }
            else if (entries.Count > 0 && entries[^1] is { Kind: not RecordKinds.Reply } last && last.On == row.CreatedOn)
            {
                entries[^1] = last with { Count = last.Count + 1, FileCount = last.FileCount + row.FileCount };
            }
            else
            {
                entries.Add(new SourceEntry(row.Kind, row.CreatedOn, null, FileCount: row.FileCount));
            }
        }

        var hasReply = entries.Any(e => e.Kind == RecordKinds.Reply) || (skip > 0 || hasEarlier) && await AnyReply(db, caseId, cancellationToken);
        return new SourceConversation(entries, hasEarlier, hasReply);
    }

    /// <summary>One visible record; <paramref name="FileCount"/> is, for what the person sent, how many files came with it (working copies the team made are not theirs).</summary>
    private sealed record VisibleRow(string Kind, DateOnly CreatedOn, bool Openable, string Id, int FileCount);
}
