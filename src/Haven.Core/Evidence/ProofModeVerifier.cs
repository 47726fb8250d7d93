using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Haven.Evidence;

/// <summary>
/// Reads a ProofMode bundle (the zip the ProofMode app shares: the media file under its own name,
/// <c>&lt;sha256&gt;.asc</c>, <c>&lt;sha256&gt;.proof.json</c> and <c>.proof.csv</c> with their <c>.asc</c>,
/// <c>pubkey.asc</c>, and sidecars such as <c>.ots</c> and <c>.gst</c> that are not checked here) from memory and
/// checks it: each OpenPGP detached signature with BouncyCastle against the bundle's public key, and the
/// media file's SHA-256 against the proof's claim. Every failure is named in the report; nothing is written
/// anywhere, and nothing of the bundle goes into an exception or a log.
/// </summary>
/// <remarks>
/// The zip is hostile: its entries are counted, their names checked (nothing is ever extracted to a path, but a
/// name that climbs out or repeats another makes the bundle ambiguous), and every byte read out of it counts
/// against <see cref="EvidenceOptions.MaxExpandedBytes"/>, whatever the entries declare. The media file is
/// streamed through SHA-256 and the signature check, never held whole.
/// </remarks>
internal sealed partial class ProofModeVerifier(IOptions<EvidenceOptions> options)
{
    private const string PublicKeyName = "pubkey.asc";
    private const string HashField = "File Hash SHA256";

    public EvidenceOptions Options => options.Value;

    /// <summary>Whether <paramref name="start"/> (the first bytes of a file) begins like a zip.</summary>
    public static bool LooksLikeZip(ReadOnlySpan<byte> start) =>
        start.Length >= 4 && start[0] == (byte)'P' && start[1] == (byte)'K' && ((start[2] == 3 && start[3] == 4) || (start[2] == 5 && start[3] == 6));

    /// <summary>Checks the bundle held in the first <paramref name="length"/> bytes of <paramref name="bundle"/>.</summary>
    public ProofModeReport Verify(byte[] bundle, int length)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (length > Options.MaxBundleBytes)
        {
            return ProofModeReport.Of(ProofModeOutcome.TooLarge);
        }

        if (!LooksLikeZip(bundle.AsSpan(0, length)))
        {
            return ProofModeReport.Of(ProofModeOutcome.NotZip);
        }

        try
        {
            using var zip = new ZipArchive(new MemoryStream(bundle, 0, length, writable: false), ZipArchiveMode.Read);
            return Check(zip, new Budget(Options.MaxExpandedBytes));
        }
        catch (RefusedException refused)
        {
            return ProofModeReport.Refuse(refused.Refusal);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            // A damaged central directory, an unknown compression, an encrypted entry or a bad checksum.
            return ProofModeReport.Refuse(ProofModeRefusal.Unreadable);
        }
    }

    private ProofModeReport Check(ZipArchive zip, Budget budget)
    {
        if (zip.Entries.Count > Options.MaxEntries)
        {
            return ProofModeReport.Refuse(ProofModeRefusal.TooManyEntries);
        }

        var byName = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in zip.Entries)
        {
            var name = entry.FullName;
            if (IsHostile(name))
            {
                return ProofModeReport.Refuse(ProofModeRefusal.HostileName);
            }

            if (name.EndsWith('/'))
            {
                continue; // A folder.
            }

            if (!byName.TryAdd(name[(name.LastIndexOf('/') + 1)..], entry))
            {
                return ProofModeReport.Refuse(ProofModeRefusal.DuplicateName);
            }
        }

        var hashes = byName.Keys
            .Select(n => ProofName().Match(n))
            .Where(m => m.Success)
            .Select(m => m.Groups["hash"].Value.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (hashes.Count == 0 && !byName.ContainsKey(PublicKeyName))
        {
            return ProofModeReport.Of(ProofModeOutcome.NotProofMode);
        }

        var (key, ring) = ReadKey(Small(byName, PublicKeyName, budget));

        // The media files: every entry that is not a sidecar named by a hash, the key or the app's read-me.
        var media = byName
            .Where(e => !Sidecar().IsMatch(e.Key) && !e.Key.Equals(PublicKeyName, StringComparison.OrdinalIgnoreCase)
                && !e.Key.Equals("HowToVerifyProofData.txt", StringComparison.OrdinalIgnoreCase)
                && !e.Key.EndsWith("batchproof.csv", StringComparison.OrdinalIgnoreCase))
            .Select(e => (Name: e.Key, Entry: e.Value, Sha256: Sha256(e.Value, budget)))
            .ToList();

        var proofs = new List<ProofModeProof>();
        foreach (var hash in hashes)
        {
            var unclaimed = media.Where(m => !hashes.Contains(m.Sha256, StringComparer.Ordinal)).ToList();
            var match = media.FirstOrDefault(m => m.Sha256 == hash);
            var file = match.Entry is not null ? match : unclaimed.Count == 1 && hashes.Count == 1 ? unclaimed[0] : default;
            proofs.Add(CheckProof(byName, hash, file.Entry is null ? null : (file.Name, file.Entry, file.Sha256), ring, budget));
        }

        return new ProofModeReport(ProofModeOutcome.Checked, null, key, proofs);
    }

    private ProofModeProof CheckProof(Dictionary<string, ZipArchiveEntry> byName, string hash, (string Name, ZipArchiveEntry Entry, string Sha256)? media, PgpPublicKeyRing? ring, Budget budget)
    {
        var json = Small(byName, $"{hash}.proof.json", budget);
        var csv = Small(byName, $"{hash}.proof.csv", budget);
        var claims = json is not null ? JsonClaims(json) : csv is not null ? CsvClaims(csv) : null;
        var checks = new List<ProofCheck>();

        // The media file: its signature, then its hash against the claim (the proof's field, else its name).
        var mediaSignature = Small(byName, $"{hash}.asc", budget);
        checks.Add(media is { } m
            ? CheckSignature(mediaSignature, ring, ProofCheckKind.MediaSignature, update => Stream(m.Entry, budget, update))
            : new ProofCheck(ProofCheckKind.MediaSignature, ProofCheckStatus.Missing));

        var claimed = claims?.FirstOrDefault(c => c.Name == HashField)?.Value.Trim().ToLowerInvariant();
        checks.Add(media is not { } found ? new ProofCheck(ProofCheckKind.MediaHash, ProofCheckStatus.Missing, Expected: claimed ?? hash)
            : claimed is not null && claimed != hash ? new ProofCheck(ProofCheckKind.MediaHash, ProofCheckStatus.ClaimDiffers, claimed, hash)
            : new ProofCheck(ProofCheckKind.MediaHash, found.Sha256 == hash ? ProofCheckStatus.Passed : ProofCheckStatus.Failed, found.Sha256, hash));

        checks.Add(json is not null
            ? CheckSignature(Small(byName, $"{hash}.proof.json.asc", budget), ring, ProofCheckKind.ProofJsonSignature, update => update(json, json.Length))
            : new ProofCheck(ProofCheckKind.ProofJsonSignature, ProofCheckStatus.Missing));
        if (csv is not null)
        {
            checks.Add(CheckSignature(Small(byName, $"{hash}.proof.csv.asc", budget), ring, ProofCheckKind.ProofCsvSignature, update => update(csv, csv.Length)));
        }

        checks.Add(new ProofCheck(ProofCheckKind.Claims, json is null && csv is null ? ProofCheckStatus.Missing : claims is null ? ProofCheckStatus.Unreadable : ProofCheckStatus.Passed));

        claims ??= [];
        string? Claim(string name) => claims.FirstOrDefault(c => c.Name == name && c.Value.Trim().Length > 0)?.Value.Trim();
        return new ProofModeProof(hash, media?.Name, checks, claims, Claim("File Created") ?? Claim("Proof Generated"), Claim("Location.Latitude"), Claim("Location.Longitude"));
    }

    private static (ProofModeKey Key, PgpPublicKeyRing? Ring) ReadKey(byte[]? armored)
    {
        if (armored is null)
        {
            return (new ProofModeKey(ProofCheckStatus.Missing, null, []), null);
        }

        try
        {
            using var input = PgpUtilities.GetDecoderStream(new MemoryStream(armored, writable: false));
            if (new PgpObjectFactory(input).NextPgpObject() is not PgpPublicKeyRing ring)
            {
                return (new ProofModeKey(ProofCheckStatus.Unreadable, null, []), null);
            }

            var primary = ring.GetPublicKey();
            var userIds = primary.GetUserIds().Where(id => SelfCertified(primary, id)).ToList();
            return (new ProofModeKey(ProofCheckStatus.Passed, Convert.ToHexString(primary.GetFingerprint()), userIds), ring);
        }
        catch (Exception e) when (FromHostileBytes(e))
        {
            return (new ProofModeKey(ProofCheckStatus.Unreadable, null, []), null);
        }
    }

    private static bool SelfCertified(PgpPublicKey key, string userId)
    {
        foreach (PgpSignature certification in key.GetSignaturesForId(userId) ?? [])
        {
            try
            {
                if (certification.KeyId != key.KeyId)
                {
                    continue;
                }

                certification.InitVerify(key);
                if (certification.VerifyCertification(userId, key))
                {
                    return true;
                }
            }
            catch (Exception e) when (FromHostileBytes(e))
            {
                // An unreadable certification certifies nothing.
            }
        }

        return false;
    }

    private static ProofCheck CheckSignature(byte[]? armored, PgpPublicKeyRing? ring, ProofCheckKind kind, Action<Action<byte[], int>> content)
    {
        if (armored is null)
        {
            return new ProofCheck(kind, ProofCheckStatus.Missing);
        }

        if (ring is null)
        {
            return new ProofCheck(kind, ProofCheckStatus.NoKey);
        }

        PgpSignature signature;
        try
        {
            using var input = PgpUtilities.GetDecoderStream(new MemoryStream(armored, writable: false));
            var factory = new PgpObjectFactory(input);
            var read = factory.NextPgpObject();
            if (read is PgpCompressedData compressed)
            {
                read = new PgpObjectFactory(compressed.GetDataStream()).NextPgpObject();
            }

            if (read is not PgpSignatureList { Count: > 0 } list || list[0].SignatureType != PgpSignature.BinaryDocument)
            {
                return new ProofCheck(kind, ProofCheckStatus.Unreadable);
            }

            signature = list[0];
        }
        catch (Exception e) when (FromHostileBytes(e))
        {
            return new ProofCheck(kind, ProofCheckStatus.Unreadable);
        }

        var keyId = signature.KeyId.ToString("X16", System.Globalization.CultureInfo.InvariantCulture);
        var key = ring.GetPublicKey(signature.KeyId);
        var fingerprint = Convert.ToHexString(ring.GetPublicKey().GetFingerprint());
        if (key is null)
        {
            return new ProofCheck(kind, ProofCheckStatus.OtherKey, keyId, fingerprint, signature.CreationTime);
        }

        try
        {
            signature.InitVerify(key);
            content((bytes, count) => signature.Update(bytes, 0, count));
            return new ProofCheck(kind, signature.Verify() ? ProofCheckStatus.Passed : ProofCheckStatus.Failed, keyId, fingerprint, signature.CreationTime);
        }
        catch (Exception e) when (e is not InvalidDataException && FromHostileBytes(e))
        {
            return new ProofCheck(kind, ProofCheckStatus.Failed, keyId, fingerprint, signature.CreationTime);
        }
    }

    /// <summary>
    /// Whether an exception came from parsing a damaged key or signature. BouncyCastle answers some malformed
    /// packets with a <see cref="NullReferenceException"/> or an <see cref="IndexOutOfRangeException"/> rather than
    /// a <see cref="PgpException"/> (a test damages them byte by byte), so everything but the bundle-level refusals
    /// and the runtime's own failures counts as "unreadable" rather than a 500.
    /// </summary>
    private static bool FromHostileBytes(Exception e) =>
        e is not (RefusedException or OutOfMemoryException or OperationCanceledException or InsufficientExecutionStackException);

    private static List<ProofClaim>? JsonClaims(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return [.. document.RootElement.EnumerateObject().Take(500).Select(p => new ProofClaim(
                Cut(p.Name, 200),
                Cut(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText(), 4000)))];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>ProofMode's CSV: a header line of field names, then one line of values per proof written (the last one counts); every line ends with a comma, commas inside values were replaced by spaces.</summary>
    private static List<ProofClaim>? CsvClaims(byte[] csv)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(csv);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        if (lines.Count < 2)
        {
            return null;
        }

        var (names, values) = (lines[0].Split(','), lines[^1].Split(','));
        return [.. names.Select((n, i) => (Name: n.Trim(), Value: i < values.Length ? values[i] : ""))
            .Where(p => p.Name.Length > 0)
            .Take(500)
            .Select(p => new ProofClaim(Cut(p.Name, 200), Cut(p.Value, 4000)))];
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private byte[]? Small(Dictionary<string, ZipArchiveEntry> byName, string name, Budget budget)
    {
        if (!byName.TryGetValue(name, out var entry))
        {
            return null;
        }

        if (entry.Length > Options.MaxSmallEntryBytes)
        {
            throw new RefusedException(ProofModeRefusal.EntryTooLarge);
        }

        using var memory = new MemoryStream();
        Stream(entry, budget, (bytes, count) =>
        {
            if (memory.Length + count > Options.MaxSmallEntryBytes)
            {
                throw new RefusedException(ProofModeRefusal.EntryTooLarge);
            }

            memory.Write(bytes, 0, count);
        });
        return memory.ToArray();
    }

    private static string Sha256(ZipArchiveEntry entry, Budget budget)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Stream(entry, budget, (bytes, count) => hash.AppendData(bytes, 0, count));
        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    /// <summary>Reads the entry decompressed, in pieces, each counted against the budget before it is passed on.</summary>
    private static void Stream(ZipArchiveEntry entry, Budget budget, Action<byte[], int> sink)
    {
        if (entry.Length > budget.Remaining)
        {
            throw new RefusedException(ProofModeRefusal.ExpandsTooMuch);
        }

        var buffer = new byte[64 * 1024];
        try
        {
            using var input = entry.Open();
            int count;
            while ((count = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                budget.Take(count);
                sink(buffer, count);
            }
        }
        finally
        {
            Array.Clear(buffer);
        }
    }

    private static bool IsHostile(string name) =>
        name.Length is 0 or > 1024
        || name.StartsWith('/')
        || name.Contains('\\', StringComparison.Ordinal)
        || name.Contains(':', StringComparison.Ordinal)
        || name.Any(char.IsControl)
        || name.TrimEnd('/').Split('/').Any(s => s is "" or "." or "..");

    /// <summary>A proof file: 64 hexadecimal digits (the media file's SHA-256), then <c>.proof.json</c> or <c>.proof.csv</c>.</summary>
    [GeneratedRegex("^(?<hash>[0-9a-fA-F]{64})\\.proof\\.(json|csv)$")]
    private static partial Regex ProofName();

    /// <summary>Anything ProofMode names after the media file's hash: signatures, proofs, timestamps, C2PA and the rest.</summary>
    [GeneratedRegex("^[0-9a-fA-F]{64}\\.")]
    private static partial Regex Sidecar();

    /// <summary>How many decompressed bytes may still be read out of the bundle.</summary>
    private sealed class Budget(long limit)
    {
        public long Remaining { get; private set; } = limit;

        public void Take(int count)
        {
            Remaining -= count;
            if (Remaining < 0)
            {
                throw new RefusedException(ProofModeRefusal.ExpandsTooMuch);
            }
        }
    }

    /// <summary>Stops reading a bundle; carries only the reason, never anything read.</summary>
    private sealed class RefusedException(ProofModeRefusal refusal) : Exception(refusal.ToString())
    {
        public ProofModeRefusal Refusal { get; } = refusal;
    }
}
