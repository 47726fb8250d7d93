using System.Buffers;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using Haven.Crypto;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Haven.Evidence.Bundles;

/// <summary>
/// Checks a signed evidence bundle offline, with no database and no data directory (docs/evidence.md, "Checking a
/// bundle"): the decrypted tar (what <c>gpg --decrypt</c> gives) or the OpenPGP file itself, opened with a
/// passphrase or the recipient's secret key. Streaming: files are hashed as they are read, never held; only the
/// manifest and the small entries are kept in memory. Every check is reported, passed or failed, with what was
/// found; a damaged input is a failed check, never an exception.
/// </summary>
internal sealed class BundleVerifier
{
    /// <summary>Largest manifest read (a manifest of 100,000 files with their custody logs stays well below).</summary>
    public const int MaxManifestBytes = 256 * 1024 * 1024;

    private const int MaxSmallEntryBytes = 1024 * 1024;

    /// <summary>Checks the bundle read from <paramref name="input"/>; <paramref name="progress"/> gets the bytes of input read so far.</summary>
    /// <param name="input">The bundle: a tar, or an OpenPGP message (binary or armoured).</param>
    /// <param name="keys">How to open an OpenPGP message; not needed for a tar.</param>
    /// <param name="expectedInstanceKey">The instance's public signing key as published elsewhere (hex), to compare with the manifest's.</param>
    /// <param name="progress">Bytes of <paramref name="input"/> read, reported every few MiB.</param>
    public BundleReport Verify(Stream input, BundleKeys? keys, string? expectedInstanceKey, IProgress<long>? progress)
    {
        ArgumentNullException.ThrowIfNull(input);
        var checks = new List<BundleCheck>();
        var counting = new CountingStream(input, progress);
        var head = new byte[512];
        var got = counting.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var whole = new PrefixedStream(head.AsMemory(0, got), counting);
        BundleManifest? manifest;
        if (LooksLikeTar(head.AsSpan(0, got)))
        {
            manifest = VerifyTar(whole, checks, expectedInstanceKey);
        }
        else if (LooksLikeOpenPgp(head.AsSpan(0, got)))
        {
            manifest = VerifyOpenPgp(whole, head.AsSpan(0, got).StartsWith("-----BEGIN PGP"u8), keys, checks, expectedInstanceKey);
        }
        else
        {
            checks.Add(new(BundleCheckKind.Format, false, "bundle", "neither a tar nor an OpenPGP message"));
            manifest = null;
        }

        progress?.Report(counting.Total);
        return new BundleReport(checks, manifest);
    }

    private static bool LooksLikeTar(ReadOnlySpan<byte> head) => head.Length >= 262 && head.Slice(257, 5).SequenceEqual("ustar"u8);

    private static bool LooksLikeOpenPgp(ReadOnlySpan<byte> head) =>
        head.Length > 0 && ((head[0] & 0x80) != 0 || head.StartsWith("-----BEGIN PGP MESSAGE"u8));

    private static BundleManifest? VerifyOpenPgp(Stream input, bool armored, BundleKeys? keys, List<BundleCheck> checks, string? expectedInstanceKey)
    {
        if (keys is null)
        {
            checks.Add(new(BundleCheckKind.Decryption, false, "bundle", "an OpenPGP message: give the passphrase or the recipient's secret key, or decrypt it with gpg first"));
            return null;
        }

        PgpEncryptedData? used;
        Stream? clear;
        try
        {
            // PgpUtilities.GetDecoderStream would seek to tell armour from binary; the first bytes tell it here.
            var factory = new PgpObjectFactory(armored ? new ArmoredInputStream(input) : input);
            var first = factory.NextPgpObject();
            while (first is PgpMarker)
            {
                first = factory.NextPgpObject();
            }

            if (first is not PgpEncryptedDataList list)
            {
                checks.Add(new(BundleCheckKind.Decryption, false, "bundle", "an OpenPGP file, but not an encrypted message"));
                return null;
            }

            (used, clear, var detail) = Open(list, keys);
            if (used is null || clear is null)
            {
                checks.Add(new(BundleCheckKind.Decryption, false, "bundle", detail));
                return null;
            }

            checks.Add(new(BundleCheckKind.Decryption, true, "bundle", detail));
        }
        catch (Exception e) when (IsDamage(e))
        {
            checks.Add(new(BundleCheckKind.Decryption, false, "bundle", "the OpenPGP message is damaged: " + e.Message));
            return null;
        }

        BundleManifest? manifest = null;
        try
        {
            var inner = new PgpObjectFactory(clear);
            var packet = inner.NextPgpObject();
            if (packet is PgpCompressedData compressed)
            {
                inner = new PgpObjectFactory(compressed.GetDataStream());
                packet = inner.NextPgpObject();
            }

            if (packet is not PgpLiteralData literal)
            {
                checks.Add(new(BundleCheckKind.Format, false, "bundle", "the OpenPGP message holds no literal data"));
                return null;
            }

            var data = literal.GetInputStream();
            manifest = VerifyTar(data, checks, expectedInstanceKey);

            // The modification detection code comes after the literal data: read it all, then check.
            data.CopyTo(Stream.Null);
            checks.Add(!used.IsIntegrityProtected()
                ? new(BundleCheckKind.Integrity, false, "bundle", "the message is not integrity protected: it could have been changed unnoticed")
                : used.Verify()
                    ? new(BundleCheckKind.Integrity, true, "bundle", "integrity protected (modification detection code matches)")
                    : new(BundleCheckKind.Integrity, false, "bundle", "the modification detection code does not match: the message was changed"));
        }
        catch (Exception e) when (IsDamage(e))
        {
            checks.Add(new(BundleCheckKind.Integrity, false, "bundle", "the OpenPGP message is cut short or damaged: " + e.Message));
        }

        return manifest;
    }

    /// <summary>Opens the first session key that the passphrase or the secret key opens.</summary>
    private static (PgpEncryptedData? Used, Stream? Clear, string Detail) Open(PgpEncryptedDataList list, BundleKeys keys)
    {
        var tried = new List<string>();
        foreach (PgpEncryptedData data in list.GetEncryptedDataObjects())
        {
            if (data is PgpPbeEncryptedData pbe && keys.Passphrase is { } passphrase)
            {
                var chars = passphrase.ToCharArray();
                try
                {
                    var stream = pbe.GetDataStreamUtf8(chars);
                    return (pbe, stream, "decrypted with the passphrase");
                }
                catch (PgpException)
                {
                    tried.Add("the passphrase is wrong");
                }
                finally
                {
                    Array.Clear(chars);
                }
            }
            else if (data is PgpPublicKeyEncryptedData encrypted && keys.SecretKeys is { } rings)
            {
                var secret = rings.GetSecretKey(encrypted.KeyId);
                if (secret is null)
                {
                    tried.Add($"encrypted to key {encrypted.KeyId:X16}, which the secret key file does not hold");
                    continue;
                }

                var chars = (keys.SecretKeyPassphrase ?? "").ToCharArray();
                try
                {
                    var key = secret.ExtractPrivateKeyUtf8(chars);
                    var stream = encrypted.GetDataStream(key);
                    return (encrypted, stream, $"decrypted with secret key {encrypted.KeyId:X16} ({encrypted.GetSymmetricAlgorithm(key)})");
                }
                catch (PgpException e)
                {
                    tried.Add($"key {encrypted.KeyId:X16} does not open it: {e.Message}");
                }
                finally
                {
                    Array.Clear(chars);
                }
            }
            else
            {
                tried.Add(data is PgpPbeEncryptedData ? "encrypted to a passphrase (give --passphrase-file)" : "encrypted to a public key (give --secret-key)");
            }
        }

        return (null, null, tried.Count == 0 ? "the message is encrypted to nobody" : string.Join("; ", tried));
    }

    private static BundleManifest? VerifyTar(Stream input, List<BundleCheck> checks, string? expectedInstanceKey)
    {
        BundleManifest? manifest = null;
        byte[]? manifestBytes = null;
        byte[]? responderSignature = null;
        byte[]? instanceSignature = null;
        byte[]? publicKeys = null;
        var listed = new Dictionary<string, ManifestFile>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var reader = new TarReader(input, leaveOpen: true);
            var first = true;
            while (reader.GetNextEntry(copyData: false) is { } entry)
            {
                var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                if (first)
                {
                    first = false;
                    if (name != BundleStreamWriter.ManifestName || entry.DataStream is null)
                    {
                        checks.Add(new(BundleCheckKind.Format, false, name, "the first entry of the tar is not manifest.json"));
                        return null;
                    }

                    manifestBytes = ReadSmall(entry.DataStream, MaxManifestBytes);
                    manifest = manifestBytes is null ? null : BundleManifest.FromUtf8(manifestBytes);
                    string? problem = null;
                    if (manifest is null || manifest.Format != BundleManifest.FormatName || !WellFormed(manifest, out problem))
                    {
                        checks.Add(new(BundleCheckKind.Format, false, name, manifest is null
                            ? "manifest.json is not a bundle manifest (too large, not JSON, or a field missing)"
                            : manifest.Format != BundleManifest.FormatName ? $"unknown format \"{manifest.Format}\" (this checker reads {BundleManifest.FormatName})" : problem!));
                        return null;
                    }

                    checks.Add(new(BundleCheckKind.Format, true, name, $"{manifest.Format}: bundle {manifest.Bundle}, created {manifest.Created}, {manifest.Files.Count} file(s), {manifest.Events.Count} event(s)"));
                    foreach (var file in manifest.Files)
                    {
                        listed[file.Path] = file;
                    }

                    continue;
                }

                if (!seen.Add(name) || entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                {
                    checks.Add(new(BundleCheckKind.ExtraFile, false, name, entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile ? "the tar holds this entry twice" : $"an unexpected {entry.EntryType} entry"));
                    continue;
                }

                switch (name)
                {
                    case BundleStreamWriter.ResponderSignatureName:
                        responderSignature = ReadSmall(entry.DataStream, MaxSmallEntryBytes);
                        break;
                    case BundleStreamWriter.InstanceSignatureName:
                        instanceSignature = ReadSmall(entry.DataStream, MaxSmallEntryBytes);
                        break;
                    case BundleStreamWriter.PublicKeysName:
                        publicKeys = ReadSmall(entry.DataStream, MaxSmallEntryBytes);
                        break;
                    case BundleStreamWriter.ReadmeName:
                        break;
                    default:
                        if (listed.TryGetValue(name, out var file))
                        {
                            CheckFile(entry.DataStream, file, checks);
                        }
                        else
                        {
                            checks.Add(new(BundleCheckKind.ExtraFile, false, name, "the manifest does not list this file"));
                        }

                        break;
                }
            }
        }
        catch (Exception e) when (IsDamage(e))
        {
            checks.Add(new(BundleCheckKind.Format, false, "bundle", "the tar is cut short or damaged: " + e.Message));
        }

        if (manifest is null || manifestBytes is null)
        {
            if (!checks.Any(c => c.Kind == BundleCheckKind.Format))
            {
                checks.Add(new(BundleCheckKind.Format, false, "bundle", "the tar holds no manifest.json"));
            }

            return null;
        }

        foreach (var file in manifest.Files.Where(f => !seen.Contains(f.Path)))
        {
            checks.Add(new(BundleCheckKind.MissingFile, false, file.Path, "listed in the manifest but not in the tar"));
        }

        checks.Add(CheckSignature(BundleCheckKind.ResponderSignature, BundleStreamWriter.ResponderSignatureName, responderSignature, manifestBytes, manifest.Exporter.SigningKey, $"by the responder {manifest.Exporter.Name} ({manifest.Exporter.Id}), key {manifest.Exporter.SigningKey}"));
        checks.Add(CheckSignature(BundleCheckKind.InstanceSignature, BundleStreamWriter.InstanceSignatureName, instanceSignature, manifestBytes, manifest.Instance.SigningKey, $"by the instance, key {manifest.Instance.SigningKey}"));
        checks.Add(CheckPublicKeys(publicKeys, manifest));
        if (expectedInstanceKey is not null)
        {
            checks.Add(expectedInstanceKey.Trim().Equals(manifest.Instance.SigningKey, StringComparison.OrdinalIgnoreCase)
                ? new(BundleCheckKind.InstanceKey, true, "manifest.json", $"the instance key is the one expected ({manifest.Instance.SigningKey})")
                : new(BundleCheckKind.InstanceKey, false, "manifest.json", $"the instance key is {manifest.Instance.SigningKey}, not the one expected ({expectedInstanceKey.Trim().ToLowerInvariant()})"));
        }

        return manifest;
    }

    /// <summary>Paths unique and inside files/ or working/, hashes and keys of the right shape.</summary>
    private static bool WellFormed(BundleManifest manifest, out string? problem)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in manifest.Files)
        {
            if (!(file.Path.StartsWith("files/", StringComparison.Ordinal) || file.Path.StartsWith("working/", StringComparison.Ordinal))
                || file.Path.Contains("..", StringComparison.Ordinal) || file.Path.Count(c => c == '/') != 1 || !paths.Add(file.Path))
            {
                problem = $"manifest.json lists a file at \"{file.Path}\": not a unique path in files/ or working/";
                return false;
            }

            if (file.Sha256.Length != 64 || !file.Sha256.All(char.IsAsciiHexDigit) || file.Size < 0)
            {
                problem = $"manifest.json lists {file.Path} with a malformed size or SHA-256";
                return false;
            }
        }

        if (!IsKey(manifest.Exporter.SigningKey) || !IsKey(manifest.Instance.SigningKey))
        {
            problem = "manifest.json holds a signing key that is not 64 hexadecimal characters";
            return false;
        }

        problem = null;
        return true;
    }

    private static bool IsKey(string hex) => hex.Length == 2 * Ed25519KeyPair.PublicKeyLength && hex.All(char.IsAsciiHexDigit);

    private static BundleCheck CheckSignature(BundleCheckKind kind, string name, byte[]? signature, byte[] manifest, string publicKey, string who) =>
        signature is null ? new(kind, false, name, "missing: the tar holds no " + name)
        : Ed25519KeyPair.Verify(signature, manifest, Hex.Decode(publicKey)) ? new(kind, true, name, "valid signature of manifest.json " + who)
        : new(kind, false, name, "INVALID signature of manifest.json " + who + ": manifest.json or the signature was changed, or another key made it");

    private static BundleCheck CheckPublicKeys(byte[]? bytes, BundleManifest manifest)
    {
        if (bytes is null)
        {
            return new(BundleCheckKind.PublicKeys, false, BundleStreamWriter.PublicKeysName, "missing");
        }

        try
        {
            using var json = JsonDocument.Parse(bytes);
            var instance = json.RootElement.GetProperty("instance").GetProperty("signing_key").GetString();
            var responder = json.RootElement.GetProperty("responder").GetProperty("signing_key").GetString();
            return instance == manifest.Instance.SigningKey && responder == manifest.Exporter.SigningKey
                ? new(BundleCheckKind.PublicKeys, true, BundleStreamWriter.PublicKeysName, "names the same two keys as manifest.json")
                : new(BundleCheckKind.PublicKeys, false, BundleStreamWriter.PublicKeysName, "names other keys than manifest.json");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new(BundleCheckKind.PublicKeys, false, BundleStreamWriter.PublicKeysName, "not the expected JSON");
        }
    }

    private static void CheckFile(Stream data, ManifestFile file, List<BundleCheck> checks)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        long size = 0;
        try
        {
            int n;
            while ((n = data.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                size += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }

        var sha256 = Hex.Encode(hash.GetHashAndReset());
        checks.Add(size == file.Size
            ? new(BundleCheckKind.FileSize, true, file.Path, $"{size} bytes")
            : new(BundleCheckKind.FileSize, false, file.Path, $"{size} bytes, but the manifest lists {file.Size}"));
        checks.Add(sha256.Equals(file.Sha256, StringComparison.OrdinalIgnoreCase)
            ? new(BundleCheckKind.FileHash, true, file.Path, "SHA-256 " + sha256)
            : new(BundleCheckKind.FileHash, false, file.Path, $"SHA-256 {sha256}, but the manifest lists {file.Sha256.ToLowerInvariant()}"));
    }

    /// <summary>The entry's bytes, or null when it is larger than <paramref name="max"/>.</summary>
    private static byte[]? ReadSmall(Stream data, int max)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[1 << 16];
        int n;
        while ((n = data.Read(buffer)) > 0)
        {
            if (copy.Length + n > max)
            {
                data.CopyTo(Stream.Null);
                return null;
            }

            copy.Write(buffer, 0, n);
        }

        return copy.ToArray();
    }

    private static bool IsDamage(Exception e) => e is IOException or InvalidDataException or PgpException or FormatException or ArgumentException or InvalidOperationException or NotSupportedException or CryptographicException;

    /// <summary>The bytes read ahead to tell a tar from an OpenPGP message, then the rest of the input.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty)
            {
                return rest.Read(buffer);
            }

            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Counts the bytes read from the input, for the progress display.</summary>
    private sealed class CountingStream(Stream inner, IProgress<long>? progress) : Stream
    {
        private const long Step = 4L * 1024 * 1024;
        private long _reported;

        public long Total { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            Total += n;
            if (progress is not null && Total - _reported >= Step)
            {
                _reported = Total;
                progress.Report(Total);
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
