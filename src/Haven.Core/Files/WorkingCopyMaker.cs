using System.Security.Cryptography;
using Haven.Accounts;
using Haven.Audit;
using Haven.Cases;
using Haven.Crypto;
using Haven.Evidence.Custody;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Files;

/// <summary>
/// What every working copy shares (<see cref="CleanCopyCommand"/>, <see cref="RedactCopyCommand"/>): the file it is
/// made from is opened with the responder's seal of the case key, decrypted whole into memory (never to disk, hence
/// the bound <see cref="CleanCopyOptions.MaxBytes"/>) and checked to its authenticated end, one file at a time; the
/// new bytes are encrypted as a new file into a pending blob; a new <c>filecopy</c> record lists it with its key, its
/// kind (<see cref="WorkingCopyKinds"/>) and the id it was made from, sealed to the case key only (the person never
/// sees working copies). The record, the <c>files</c> row (with its original) and the audit entry (subject: the new
/// copy) are saved together; the blob becomes final only with that commit, as for replies. The file it is made from
/// is only ever read: the evidentiary copy is never replaced, edited or deleted.
/// </summary>
internal sealed class WorkingCopyMaker(
    IDbContextFactory<HavenDbContext> dbFactory,
    BlobStore store,
    FileReceiver receiver,
    IOptions<CleanCopyOptions> options,
    TimeProvider clock,
    AuditedWriter writer) : IDisposable
{
    /// <summary>One file at a time, for every kind of copy and preview: each holds a whole file, and its decoded pixels, in memory.</summary>
    private readonly SemaphoreSlim _gate = new(1, 1);

    public CleanCopyOptions Options => options.Value;

    /// <summary>
    /// Makes a working copy of <paramref name="fileId"/>, or returns the one a repeated form (the same
    /// <paramref name="recordId"/>) already made. Refuses a malformed id or a file the responder cannot open
    /// (NotFound), a working copy when <paramref name="evidentiaryOnly"/> (IsCopy), an expired form, a file over
    /// <see cref="CleanCopyOptions.MaxBytes"/> and whatever <paramref name="transform"/> refuses.
    /// </summary>
    /// <param name="caseId">The case.</param>
    /// <param name="fileId">The file to make the copy from.</param>
    /// <param name="recordId">The form's record id (a double submit makes one copy).</param>
    /// <param name="kind">The kind of copy (<see cref="WorkingCopyKinds"/>); also names its audit action.</param>
    /// <param name="evidentiaryOnly">Whether this kind of copy is made of evidentiary copies only (a working copy is refused with IsCopy).</param>
    /// <param name="transform">Makes the copy's bytes from the whole plaintext (which it must not keep); runs under the gate.</param>
    /// <param name="responder">Who asks; must hold the case key.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<WorkingCopyResult> MakeAsync(
        string caseId,
        string fileId,
        string recordId,
        string kind,
        bool evidentiaryOnly,
        Func<byte[], (WorkingCopyOutcome Outcome, CleanedFile? Copy)> transform,
        UnlockedResponder responder,
        CancellationToken cancellationToken)
    {
        var (problem, source, isCopy) = await OpenAsync(caseId, fileId, responder, cancellationToken);
        if (problem is not null)
        {
            return new(problem.Value);
        }

        if (evidentiaryOnly && isCopy)
        {
            return new(WorkingCopyOutcome.IsCopy);
        }

        if (!CaseRecords.IsValidId(recordId))
        {
            return new(WorkingCopyOutcome.FormExpired);
        }

        if (await ExistingCopyAsync(caseId, recordId, cancellationToken) is { } existing)
        {
            return existing;
        }

        if (source!.Size > options.Value.MaxBytes)
        {
            return new(WorkingCopyOutcome.TooLarge);
        }

        var (outcome, copy) = await UnderGateAsync(source, fileId, transform, cancellationToken);
        if (outcome != WorkingCopyOutcome.Made)
        {
            return new(outcome);
        }

        try
        {
            return await StoreAsync(caseId, fileId, recordId, kind, copy!, responder, cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy!.Content);
        }
    }

    /// <summary>
    /// Reads <paramref name="fileId"/> whole (under the same gate and bound as a copy) and returns what
    /// <paramref name="use"/> makes of its plaintext, which is wiped afterwards; null when the responder cannot open
    /// it, its first bytes are not what <paramref name="wants"/> looks for (checked before anything else is read), or
    /// it is over the bound or unreadable. For what a page shows of a file (a redaction's preview), never stored.
    /// </summary>
    public async Task<T?> ReadAsync<T>(string caseId, string fileId, UnlockedResponder responder, Func<ReadOnlySpan<byte>, bool> wants, Func<byte[], T?> use, CancellationToken cancellationToken)
        where T : class
    {
        var (problem, source, _) = await OpenAsync(caseId, fileId, responder, cancellationToken);
        if (problem is not null || source!.Size > options.Value.MaxBytes || !Wants(source, fileId, wants))
        {
            return null;
        }

        var (_, result) = await UnderGateAsync(source, fileId, plaintext => (WorkingCopyOutcome.Made, use(plaintext)), cancellationToken);
        return result;
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Reads the file and runs <paramref name="transform"/> on it, one at a time, off the request's thread.</summary>
    private async Task<(WorkingCopyOutcome Outcome, T? Result)> UnderGateAsync<T>(FileAttachment source, string fileId, Func<byte[], (WorkingCopyOutcome, T?)> transform, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(
                () =>
                {
                    var plaintext = ReadWhole(source, fileId, cancellationToken);
                    if (plaintext is null)
                    {
                        return (WorkingCopyOutcome.Unreadable, default(T));
                    }

                    try
                    {
                        return transform(plaintext);
                    }
                    finally
                    {
                        CryptographicOperations.ZeroMemory(plaintext);
                    }
                },
                cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The source's attachment as its record lists it and whether it is a working copy, or why there is none (NotFound: a malformed id, another case, no key).</summary>
    private async Task<(WorkingCopyOutcome? Outcome, FileAttachment? Attachment, bool IsCopy)> OpenAsync(string caseId, string fileId, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        if (!RandomId.IsValid(caseId) || !RandomId.IsValid(fileId))
        {
            return (WorkingCopyOutcome.NotFound, null, false);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var file = await db.Files.AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileId && f.CaseId == caseId, cancellationToken);
        var record = file is null ? null : await db.Records.AsNoTracking().SingleOrDefaultAsync(r => r.Id == file.RecordId && r.CaseId == caseId, cancellationToken);
        if (file is null || record is null)
        {
            return (WorkingCopyOutcome.NotFound, null, false);
        }

        var keys = await CaseRecords.OpenCaseKeysAsync(db, caseId, responder.Id, responder.BoxKeys, cancellationToken);
        try
        {
            if (!keys.TryGetValue(record.KeyGeneration, out var key)
                || CaseRecords.Open(record, record.KeyForCase, key)?.Files?.FirstOrDefault(f => f.Id == fileId) is not { } attachment)
            {
                return (WorkingCopyOutcome.NotFound, null, false);
            }

            return (null, attachment, file.OriginalId is not null || attachment.Original is not null);
        }
        finally
        {
            foreach (var key in keys.Values)
            {
                key.Dispose();
            }
        }
    }

    /// <summary>When the form was already sent: the copy it made.</summary>
    private async Task<WorkingCopyResult?> ExistingCopyAsync(string caseId, string recordId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.Records.AsNoTracking().Where(r => r.Id == recordId).Select(r => new { r.CaseId, r.Kind }).SingleOrDefaultAsync(cancellationToken);
        if (record is null)
        {
            return null;
        }

        if (record.CaseId != caseId || record.Kind != RecordKinds.FileCopy)
        {
            return new(WorkingCopyOutcome.FormExpired);
        }

        var copy = await db.Files.AsNoTracking().Where(f => f.RecordId == recordId).Select(f => f.Id).FirstOrDefaultAsync(cancellationToken);
        return new(WorkingCopyOutcome.Made, copy);
    }

    /// <summary>Whether the file's first bytes (at most 16, decrypted from its first chunk) are what <paramref name="wants"/> looks for.</summary>
    private bool Wants(FileAttachment attachment, string fileId, Func<ReadOnlySpan<byte>, bool> wants)
    {
        using var stream = CaseFileOpener.Open(store, new RecordContent { Files = [attachment] }, fileId)?.Content;
        if (stream is null)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[16];
        try
        {
            var filled = 0;
            int read;
            while (filled < head.Length && (read = stream.Read(head[filled..])) > 0)
            {
                filled += read;
            }

            var wanted = wants(head[..filled]);
            CryptographicOperations.ZeroMemory(head);
            return wanted;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The plaintext of the file, exactly as long as its record says; null when the blob is missing, damaged or of another length.</summary>
    private byte[]? ReadWhole(FileAttachment attachment, string fileId, CancellationToken cancellationToken)
    {
        if (attachment.Size < 0 || attachment.Size > options.Value.MaxBytes)
        {
            return null;
        }

        var content = new FileAttachment[] { attachment };
        using var stream = CaseFileOpener.Open(store, new RecordContent { Files = content }, fileId)?.Content;
        if (stream is null)
        {
            return null;
        }

        var plaintext = new byte[attachment.Size];
        try
        {
            var filled = 0;
            int read;
            while (filled < plaintext.Length && (read = stream.Read(plaintext, filled, plaintext.Length - filled)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                filled += read;
            }

            // Reading to the end checks the final chunk: a truncated or longer blob is not the file.
            Span<byte> extra = stackalloc byte[1];
            if (filled != plaintext.Length || stream.Read(extra) != 0)
            {
                CryptographicOperations.ZeroMemory(plaintext);
                return null;
            }

            return plaintext;
        }
        catch (CryptographicException)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            return null;
        }
        catch
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw;
        }
    }

    /// <summary>Encrypts the copy's bytes as a new file and stores its record, row and audit entry together.</summary>
    private async Task<WorkingCopyResult> StoreAsync(string caseId, string fileId, string recordId, string kind, CleanedFile made, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        using var batch = await receiver.NewBatchAsync(cancellationToken);

        // A neutral name: the original's could carry a date or a place, and the copy is made to be shared.
        var name = kind + "-" + recordId[..8] + made.Extension;
        var received = await receiver.ReceiveAsync(batch, new MemoryStream(made.Content, writable: false), name, made.MediaType, cancellationToken);
        switch (received)
        {
            case FileOutcome.TooLarge:
                return new(WorkingCopyOutcome.TooLarge);
            case FileOutcome.QuotaExceeded:
                return new(WorkingCopyOutcome.QuotaExceeded);
            case FileOutcome.TooMany:
                return new(WorkingCopyOutcome.FilesDisabled);
        }

        var copy = batch.Files[0];
        var action = kind == WorkingCopyKinds.Redacted ? CustodyActions.Redacted : CustodyActions.Cleaned;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (!await CaseRecords.HoldsAsync(db, caseId, responder.Id, cancellationToken))
            {
                return new(WorkingCopyOutcome.NotFound);
            }

            if (await db.Records.AnyAsync(r => r.Id == recordId, cancellationToken))
            {
                return await ExistingCopyAsync(caseId, recordId, cancellationToken) ?? new(WorkingCopyOutcome.FormExpired);
            }

            var @case = await db.Cases.SingleAsync(c => c.Id == caseId, cancellationToken);
            var content = new RecordContent { Text = "", Files = [copy.ToAttachment(original: fileId, copyKind: kind)] };
            CaseRecords.Append(db, @case, recordId, RecordKinds.FileCopy, content, null, today);
            db.Files.Add(new StoredFile { Id = copy.Id, CaseId = caseId, RecordId = recordId, Length = copy.BlobLength, CreatedOn = today, OriginalId = fileId });
            try
            {
                batch.Publish();
                await writer.SaveAsync(db, AuditActor.For(responder), new AuditEvent(action, caseId, copy.Id), cancellationToken);
                batch.Commit();
                return new(WorkingCopyOutcome.Made, copy.Id);
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // A concurrent record took the sequence number: try again, the blob pending again meanwhile.
                batch.Unpublish();
            }
        }
    }
}
