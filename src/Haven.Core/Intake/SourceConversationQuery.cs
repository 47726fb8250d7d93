using Haven.Cases;
using Haven.Crypto;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Intake;

/// <summary>
/// The conversation as the person sees it, newest page first: replies decrypted with the source key; their
/// own messages only as "sent on" entries, because the source key cannot open them, by design. A page holds
/// at most <see cref="IntakeOptions.ConversationPageSize"/> records, so a long conversation costs no more to
/// show than a short one; the person pages back to earlier ones.
/// </summary>
internal sealed class SourceConversationQuery(IDbContextFactory<HavenDbContext> dbFactory, IOptions<IntakeOptions> options)
{
    /// <summary>
    /// One page of what the person can see, newest first: what they sent (requests, messages, testimonies) and what the team answered. Notes,
    /// case data, workflow steps and working copies are the team's and must not show, not even as a dated
    /// entry. The person's own messages are listed by kind, day and number of files only (their key cannot
    /// open them), so no ciphertext is read here. Pages count visible records only: the team's records must not show, not even
    /// through page sizes. Compiled once: this runs on every page a person loads.
    /// </summary>
    private static readonly Func<HavenDbContext, string, int, int, IAsyncEnumerable<VisibleRow>> PageOfRows = EF.CompileAsyncQuery(
        (HavenDbContext db, string caseId, int skip, int take) => db.Records.AsNoTracking()
            .Where(r => r.CaseId == caseId && (r.Kind == RecordKinds.Request || r.Kind == RecordKinds.Message || r.Kind == RecordKinds.Reply || r.Kind == RecordKinds.Testimony))
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
            else if (row.Kind != RecordKinds.Testimony && entries.Count > 0 && entries[^1] is { Kind: not RecordKinds.Reply and not RecordKinds.Testimony } last && last.On == row.CreatedOn)
            {
                entries[^1] = last with { Count = last.Count + 1, FileCount = last.FileCount + row.FileCount };
            }
            else
            {
                // A testimony is listed on its own ("you told what happened"), never counted with messages.
                entries.Add(new SourceEntry(row.Kind, row.CreatedOn, null, FileCount: row.FileCount));
            }
        }

        var hasReply = entries.Any(e => e.Kind == RecordKinds.Reply) || (skip > 0 || hasEarlier) && await AnyReply(db, caseId, cancellationToken);
        return new SourceConversation(entries, hasEarlier, hasReply);
    }

    /// <summary>One visible record; <paramref name="FileCount"/> is, for what the person sent, how many files came with it (working copies the team made are not theirs).</summary>
    private sealed record VisibleRow(string Kind, DateOnly CreatedOn, bool Openable, string Id, int FileCount);
}
