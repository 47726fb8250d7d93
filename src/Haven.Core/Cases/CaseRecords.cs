using Haven.Crypto;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Cases;

/// <summary>Creates cases and appends encrypted records to them; shared by the intake and the desk.</summary>
internal static class CaseRecords
{
    /// <summary>Record ids come from the form that produced them, so that a double submit stores one record.</summary>
    public static bool IsValidId(string? id) => id is { Length: 32 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>
    /// A new case with its own key pair, the secret half sealed to the recovery key and to each recipient;
    /// returns the entities to add. The secret key is wiped before returning.
    /// </summary>
    public static (Case Case, List<CaseKeySeal> Seals) NewCase(Urgency urgency, DateOnly today, byte[] recoveryPublicKey, IEnumerable<(string ResponderId, byte[] PublicKey)> recipients)
    {
        using var keys = X25519KeyPair.Generate();
        var @case = new Case
        {
            Id = RandomId.New(),
            State = CaseState.New,
            Urgency = urgency,
            CreatedOn = today,
            LastActivityOn = today,
            AwaitingReply = true,
            PublicKey = keys.PublicKey,
        };
        var secret = keys.ExportSecretKey();
        try
        {
            var seals = new List<CaseKeySeal> { new() { CaseId = @case.Id, ResponderId = null, SealedKey = SealedBox.Seal(secret, recoveryPublicKey) } };
            seals.AddRange(recipients.Select(r => new CaseKeySeal { CaseId = @case.Id, ResponderId = r.ResponderId, SealedKey = SealedBox.Seal(secret, r.PublicKey) }));
            return (@case, seals);
        }
        finally
        {
            Array.Clear(secret);
        }
    }

    /// <summary>
    /// Encrypts content into a new record of the case. Its sequence number is only provisional, in the order
    /// records are added to this context: every record is saved through <see cref="Audit.AuditedWriter"/>, which numbers
    /// them for good under its write lock (<see cref="RecordNumbering"/>), so nothing is read from the database here.
    /// </summary>
    public static CaseRecord Append(HavenDbContext db, Case @case, string recordId, string kind, RecordContent content, byte[]? sourcePublicKey, DateOnly today)
    {
        var last = db.Records.Local.Where(r => r.CaseId == @case.Id).Select(r => r.Seq).DefaultIfEmpty(0).Max();
        var plaintext = content.ToUtf8();
        try
        {
            var sealedRecord = RecordEnvelope.Seal(plaintext, kind, recordId, @case.PublicKey, sourcePublicKey ?? []);
            var record = new CaseRecord
            {
                Id = recordId,
                CaseId = @case.Id,
                Seq = last + 1,
                Kind = kind,
                KeyGeneration = @case.KeyGeneration,
                CreatedOn = today,
                Ciphertext = sealedRecord.Ciphertext,
                KeyForCase = sealedRecord.KeyForCase,
                KeyForSource = sealedRecord.KeyForSource,
            };
            db.Records.Add(record);
            return record;
        }
        finally
        {
            Array.Clear(plaintext);
        }
    }

    /// <summary>
    /// Gives the records about to be added the next sequence numbers of their case as the database holds them
    /// now. The audited writer runs this (as <see cref="RecordNumbering"/>) under its write lock, where every write is serialised: a number
    /// read before the lock may meanwhile have been taken by a concurrent writer to the same
    /// case (a person's follow-up, two responders' replies), and retrying on the conflict could fail every time.
    /// The number is not part of the ciphertext, so it can change until the record is saved.
    /// </summary>
    public static async Task RenumberPendingAsync(HavenDbContext db, CancellationToken cancellationToken)
    {
        var pending = db.ChangeTracker.Entries<CaseRecord>().Where(e => e.State == EntityState.Added).ToList();
        foreach (var records in pending.GroupBy(e => e.Entity.CaseId))
        {
            var last = await db.Records.Where(r => r.CaseId == records.Key).MaxAsync(r => (long?)r.Seq, cancellationToken) ?? 0;
            foreach (var record in records.OrderBy(e => e.Entity.Seq))
            {
                record.Property(r => r.Seq).CurrentValue = ++last;
            }
        }
    }

    /// <summary>
    /// Opens every generation of a case key that the holder of <paramref name="recipient"/> has a seal for
    /// (the recovery key when <paramref name="responderId"/> is null). The caller disposes the keys.
    /// </summary>
    public static async Task<Dictionary<int, X25519KeyPair>> OpenCaseKeysAsync(HavenDbContext db, string caseId, string? responderId, X25519KeyPair recipient, CancellationToken cancellationToken)
    {
        var seals = await db.CaseKeySeals.AsNoTracking().Where(s => s.CaseId == caseId && s.ResponderId == responderId).ToListAsync(cancellationToken);
        var keys = new Dictionary<int, X25519KeyPair>();
        foreach (var seal in seals)
        {
            if (OpenCaseKey(seal.SealedKey, recipient) is { } key)
            {
                keys[seal.Generation] = key;
            }
        }

        return keys;
    }

    /// <summary>Opens the case secret key with a seal meant for the holder of <paramref name="recipient"/>.</summary>
    public static X25519KeyPair? OpenCaseKey(byte[] sealedKey, X25519KeyPair recipient) => SealedBox.OpenKeyPair(sealedKey, recipient);

    /// <summary>Decrypts one record's content with a key pair that holds its record key (case or source).</summary>
    public static RecordContent? Open(CaseRecord record, byte[] sealedKey, X25519KeyPair keys)
    {
        if (!RecordEnvelope.TryOpen(record.Ciphertext, sealedKey, keys, record.Kind, record.Id, out var plaintext))
        {
            return null;
        }

        try
        {
            return RecordContent.FromUtf8(plaintext);
        }
        finally
        {
            Array.Clear(plaintext);
        }
    }

    /// <summary>
    /// Whether the responder holds a seal of the case key: the one test of access to a case. Without a seal the
    /// server holds no key that would let them read it, and every page answers 404.
    /// </summary>
    public static Task<bool> HoldsAsync(HavenDbContext db, string caseId, string responderId, CancellationToken cancellationToken) =>
        db.CaseKeySeals.AnyAsync(s => s.CaseId == caseId && s.ResponderId == responderId, cancellationToken);

    /// <summary>True when a save failed only because a record with this id already exists (a double submit).</summary>
    public static async Task<bool> AlreadyStoredAsync(IDbContextFactory<HavenDbContext> dbFactory, string recordId, string caseId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Records.AnyAsync(r => r.Id == recordId && r.CaseId == caseId, cancellationToken);
    }
}
