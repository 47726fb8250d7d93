using System.Security.Cryptography;
using Haven.Accounts;
using Haven.Audit;
using Haven.Cases;
using Haven.Crypto;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Files;

/// <summary>
/// Makes a cleaned working copy of a file of a case (<see cref="MetadataCleaner"/>), kept beside the original,
/// which is never touched and stays the evidence. The original is decrypted whole into memory (never to
/// disk, which is why there is a bound on its size), cleaned, and encrypted as a new file into a pending
/// blob; a new <c>filecopy</c> record lists it with its key and the original's id, sealed to the case key
/// only — the person never sees working copies. The record, the <c>files</c> row (with its original) and
/// the audit entry (<c>file.cleaned</c>, subject the original) are saved together; the blob becomes final
/// only after that commit, as for replies.
/// </summary>
internal sealed class CleanCopyCommand(
    IDbContextFactory<HavenDbContext> dbFactory,
    BlobStore store,
    FileReceiver receiver,
    IOptions<CleanCopyOptions> options,
    TimeProvider clock,
    AuditedWriter writer) : IDisposable
{
    /// <summary>One cleaning at a time: each holds a whole file, and its decoded pixels, in memory.</summary>
    private readonly SemaphoreSlim _gate = new(1, 1);

    public CleanCopyOptions Options => options.Value;

    /// <summary>
    /// Makes the cleaned copy of <paramref name="fileId"/>, or returns the one a repeated form already made. Refuses a
    /// malformed id or a file the responder cannot open (NotFound), an expired form and a file over
    /// <see cref="CleanCopyOptions.MaxBytes"/>.
    /// </summary>
    /// <param name="caseId">The case.</param>
    /// <param name="fileId">The original to make a cleaned copy of.</param>
    /// <param name="recordId">The form's record id (a double submit makes one copy).</param>
    /// <param name="responder">Who asks; must hold the case key.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<CleanCopyResult> ExecuteAsync(string caseId, string fileId, string recordId, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        if (!RandomId.IsValid(caseId) || !RandomId.IsValid(fileId))
        {
            return new(CleanCopyOutcome.NotFound);
        }

        var original = await OpenAsync(caseId, fileId, responder, cancellationToken);
        if (original.Outcome is not null)
        {
            return new(original.Outcome.Value);
        }

        if (!CaseRecords.IsValidId(recordId))
        {
            return new(CleanCopyOutcome.FormExpired);
        }

        if (await ExistingCopyAsync(caseId, recordId, cancellationToken) is { } existing)
        {
            return existing;
        }

        var attachment = original.Attachment!;
        if (attachment.Size > options.Value.MaxBytes)
        {
            return new(CleanCopyOutcome.TooLarge);
        }

        await _gate.WaitAsync(cancellationToken);
        CleanedFile? cleaned;
        try
        {
            CleanCopyOutcome problem;
            (problem, cleaned) = await Task.Run(() => Clean(attachment, fileId, cancellationToken), cancellationToken);
            if (problem != CleanCopyOutcome.Made)
            {
                return new(problem);
            }
        }
        finally
        {
            _gate.Release();
        }

        try
        {
            return await StoreAsync(caseId, fileId, recordId, cleaned!, responder, cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(cleaned!.Content);
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The original's attachment as its record lists it, or why there is none to clean.</summary>
    private async Task<(CleanCopyOutcome? Outcome, FileAttachment? Attachment)> OpenAsync(string caseId, string fileId, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var file = await db.Files.AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileId && f.CaseId == caseId, cancellationToken);
        var record = file is null ? null : await db.Records.AsNoTracking().SingleOrDefaultAsync(r => r.Id == file.RecordId && r.CaseId == caseId, cancellationToken);
        if (file is null || record is null)
        {
            return (CleanCopyOutcome.NotFound, null);
        }

        var keys = await CaseRecords.OpenCaseKeysAsync(db, caseId, responder.Id, responder.BoxKeys, cancellationToken);
        try
        {
            if (!keys.TryGetValue(record.KeyGeneration, out var key)
                || CaseRecords.Open(record, record.KeyForCase, key)?.Files?.FirstOrDefault(f => f.Id == fileId) is not { } attachment)
            {
                return (CleanCopyOutcome.NotFound, null);
            }

            return file.OriginalId is not null || attachment.Original is not null ? (CleanCopyOutcome.IsCopy, null) : (null, attachment);
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
    private async Task<CleanCopyResult?> ExistingCopyAsync(string caseId, string recordId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.Records.AsNoTracking().Where(r => r.Id == recordId).Select(r => new { r.CaseId, r.Kind }).SingleOrDefaultAsync(cancellationToken);
        if (record is null)
        {
            return null;
        }

        if (record.CaseId != caseId || record.Kind != RecordKinds.FileCopy)
        {
            return new(CleanCopyOutcome.FormExpired);
        }

        var copy = await db.Files.AsNoTracking().Where(f => f.RecordId == recordId).Select(f => f.Id).FirstOrDefaultAsync(cancellationToken);
        return new(CleanCopyOutcome.Made, copy);
    }

    /// <summary>Decrypts the original whole into memory (checking it to its authenticated end) and cleans it.</summary>
    private (CleanCopyOutcome Outcome, CleanedFile? Cleaned) Clean(FileAttachment attachment, string fileId, CancellationToken cancellationToken)
    {
        var plaintext = ReadWhole(attachment, fileId, cancellationToken);
        if (plaintext is null)
        {
            return (CleanCopyOutcome.Unreadable, null);
        }

        try
        {
            var limits = options.Value;
            var problem = MetadataCleaner.TryClean(plaintext, checked(limits.MaxBytes * limits.MaxExpansion), out var cleaned);
            return (problem switch
            {
                CleanOutcome.None => CleanCopyOutcome.Made,
                CleanOutcome.NotSupported => CleanCopyOutcome.NotSupported,
                CleanOutcome.TooLarge => CleanCopyOutcome.TooLarge,
                _ => CleanCopyOutcome.Unreadable,
            }, cleaned);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
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

    /// <summary>Encrypts the cleaned bytes as a new file and stores its record, row and audit entry together.</summary>
    private async Task<CleanCopyResult> StoreAsync(string caseId, string fileId, string recordId, CleanedFile cleaned, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        using var batch = await receiver.NewBatchAsync(cancellationToken);

        // A neutral name: the original's could carry a date or a place, and the copy is made to be shared.
        var name = "cleaned-" + recordId[..8] + cleaned.Extension;
        var received = await receiver.ReceiveAsync(batch, new MemoryStream(cleaned.Content, writable: false), name, cleaned.MediaType, cancellationToken);
        switch (received)
        {
            case FileOutcome.TooLarge:
                return new(CleanCopyOutcome.TooLarge);
            case FileOutcome.QuotaExceeded:
                return new(CleanCopyOutcome.QuotaExceeded);
            case FileOutcome.TooMany:
                return new(CleanCopyOutcome.FilesDisabled);
        }

        var copy = batch.Files[0];
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (!await CaseRecords.HoldsAsync(db, caseId, responder.Id, cancellationToken))
            {
                return new(CleanCopyOutcome.NotFound);
            }

            if (await db.Records.AnyAsync(r => r.Id == recordId, cancellationToken))
            {
                return await ExistingCopyAsync(caseId, recordId, cancellationToken) ?? new(CleanCopyOutcome.FormExpired);
            }

            var @case = await db.Cases.SingleAsync(c => c.Id == caseId, cancellationToken);
            var content = new RecordContent { Text = "", Files = [copy.ToAttachment(original: fileId)] };
            CaseRecords.Append(db, @case, recordId, RecordKinds.FileCopy, content, null, today);
            db.Files.Add(new StoredFile { Id = copy.Id, CaseId = caseId, RecordId = recordId, Length = copy.BlobLength, CreatedOn = today, OriginalId = fileId });
            try
            {
                batch.Publish();
                await writer.SaveAsync(db, AuditActor.For(responder), new AuditEvent("file.cleaned", caseId, fileId), cancellationToken);
                batch.Commit();
                return new(CleanCopyOutcome.Made, copy.Id);
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // A concurrent record took the sequence number: try again, the blob pending again meanwhile.
                batch.Unpublish();
            }
        }
    }
}
