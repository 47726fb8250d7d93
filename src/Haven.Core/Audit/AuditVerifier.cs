using Haven.Accounts;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Audit;

/// <summary>
/// Checks the whole chain: numbering without gaps, each entry's link to the one before, its hash, and its
/// signature by the actor's key. Any entry edited, removed or reordered breaks at least one of these.
/// Removing entries from the end leaves a valid shorter chain; a head hash noted earlier catches that: it
/// must still be the hash of some entry.
/// </summary>
/// <remarks>
/// A responder reset by the operator gets a new signing key. The reset is recorded by the system as
/// <c>responder.reset</c> (subject: the responder) immediately followed by <c>responder.key_retired</c>
/// (subject: the old Ed25519 public key in hex); entries of that responder before the reset are checked
/// against the retired key. Both entries are signed with the instance's audit key, which is not in the
/// database, so editing the database alone cannot introduce a key.
/// </remarks>
internal static class AuditVerifier
{
    public static async Task<(long Entries, List<AuditProblem> Problems)> VerifyAsync(DataDirectory data, CancellationToken cancellationToken)
    {
        var report = await VerifyChainAsync(data, null, cancellationToken);
        return (report.Entries, report.Problems.ToList());
    }

    /// <summary>Verifies the audit log of a data directory, with the system key from its key file.</summary>
    /// <param name="data">The data directory.</param>
    /// <param name="expectedHead">A head hash noted earlier; when given, it must be the hash of an entry of the log.</param>
    /// <param name="cancellationToken">Cancels the verification.</param>
    public static async Task<AuditReport> VerifyChainAsync(DataDirectory data, byte[]? expectedHead, CancellationToken cancellationToken)
    {
        var instance = InstanceKeys.Load(data);
        using var systemKeys = instance.AuditKeys();
        await using var db = StorageServiceCollectionExtensions.CreateContext(data);
        return await VerifyChainAsync(db, systemKeys.PublicKey, expectedHead, cancellationToken);
    }

    public static async Task<AuditReport> VerifyChainAsync(HavenDbContext db, byte[] systemPublicKey, byte[]? expectedHead, CancellationToken cancellationToken)
    {
        var keys = await db.Responders.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Ed25519PublicKey, cancellationToken);
        keys[AuditActors.System] = systemPublicKey;
        var retired = await RetiredKeysAsync(db, cancellationToken);
        var problems = new List<AuditProblem>();
        long expected = 1, count = 0;
        var prev = AuditLog.Genesis;
        var headFound = false;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Seq).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            if (entry.Seq != expected)
            {
                problems.Add(new AuditProblem(entry.Seq, $"expected entry {expected}: entries are missing or out of order") { Kind = AuditProblemKind.Sequence });
            }

            if (!entry.PrevHash.AsSpan().SequenceEqual(prev))
            {
                problems.Add(new AuditProblem(entry.Seq, "does not link to the entry before it") { Kind = AuditProblemKind.Link });
            }

            var hash = AuditLog.Hash(entry.PrevHash, entry.Seq, entry.At, entry.ActorId, entry.Action, entry.CaseId, entry.SubjectId);
            if (!hash.AsSpan().SequenceEqual(entry.Hash))
            {
                problems.Add(new AuditProblem(entry.Seq, "its content does not match its hash (edited)") { Kind = AuditProblemKind.Hash });
            }

            var key = KeyAt(entry.ActorId, entry.Seq, keys, retired);
            if (key is not { Length: Ed25519KeyPair.PublicKeyLength } || !Ed25519KeyPair.Verify(entry.Signature, entry.Hash, key))
            {
                problems.Add(new AuditProblem(entry.Seq, "the signature is not the actor's") { Kind = AuditProblemKind.Signature });
            }

            if (expectedHead is not null && entry.Hash.AsSpan().SequenceEqual(expectedHead))
            {
                headFound = true;
            }

            prev = entry.Hash;
            expected = entry.Seq + 1;
        }

        if (expectedHead is not null && !headFound)
        {
            problems.Add(new AuditProblem(0, $"no entry has the expected head hash {Hex.Encode(expectedHead)}: entries were removed from the end, or the log was rewritten") { Kind = AuditProblemKind.HeadMissing });
        }

        return new AuditReport(count, count == 0 ? AuditLog.Genesis : prev, problems);
    }

    /// <summary>The signing key an actor had when the entry <paramref name="seq"/> was written.</summary>
    private static byte[]? KeyAt(string actorId, long seq, Dictionary<string, byte[]> current, Dictionary<string, List<(long Seq, byte[] Key)>> retired)
    {
        if (retired.TryGetValue(actorId, out var history))
        {
            foreach (var (resetSeq, key) in history)
            {
                if (seq < resetSeq)
                {
                    return key;
                }
            }
        }

        return current.GetValueOrDefault(actorId);
    }

    /// <summary>Keys retired by operator resets, per responder, in the order of the resets.</summary>
    private static async Task<Dictionary<string, List<(long Seq, byte[] Key)>>> RetiredKeysAsync(HavenDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(e => e.ActorId == AuditActors.System && (e.Action == ResetResponderCommand.ResetAction || e.Action == ResetResponderCommand.KeyRetiredAction))
            .OrderBy(e => e.Seq)
            .Select(e => new { e.Seq, e.Action, e.SubjectId })
            .ToListAsync(cancellationToken);
        var retired = new Dictionary<string, List<(long Seq, byte[] Key)>>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < rows.Count; i++)
        {
            var (reset, key) = (rows[i], rows[i + 1]);
            if (reset.Action == ResetResponderCommand.ResetAction && reset.SubjectId is not null
                && key.Action == ResetResponderCommand.KeyRetiredAction && key.Seq == reset.Seq + 1
                && key.SubjectId is { Length: 2 * Ed25519KeyPair.PublicKeyLength } && key.SubjectId.All(char.IsAsciiHexDigit))
            {
                if (!retired.TryGetValue(reset.SubjectId, out var history))
                {
                    retired[reset.SubjectId] = history = [];
                }

                history.Add((reset.Seq, Hex.Decode(key.SubjectId)));
            }
        }

        return retired;
    }
}
