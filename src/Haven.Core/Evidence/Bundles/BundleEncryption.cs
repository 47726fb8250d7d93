using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;

namespace Haven.Evidence.Bundles;

/// <summary>
/// The outer OpenPGP layer of a bundle (RFC 4880, BouncyCastle): AES-256 in a symmetrically encrypted, integrity
/// protected data packet (SEIPD with MDC, so that <c>gpg</c> detects any change), its session key encrypted either to
/// the recipient's public key or to a passphrase (iterated and salted S2K, SHA-256), with one uncompressed binary
/// literal data packet inside. Both packets are written with partial body lengths, so nothing needs the total length
/// in advance and nothing is buffered beyond one chunk.
/// </summary>
internal sealed class BundleEncryption
{
    /// <summary>Chunk of the encrypted packet's partial body lengths (a power of two).</summary>
    public const int ChunkLength = 1 << 16;

    /// <summary>
    /// Chunk of the literal packet's partial body lengths (a power of two). BouncyCastle's cipher stream encrypts
    /// what the literal packet hands it on the stack when it is at most 4 KiB and in a new array otherwise: with
    /// 64 KiB chunks a bundle allocated about one byte of garbage per byte sent, which the garbage collector's young
    /// generation let grow into the server's resident memory (docs/benchmarks.md, "Evidence bundle"). 4 KiB chunks
    /// cost one more length octet per 4 KiB.
    /// </summary>
    public const int LiteralChunkLength = 1 << 12;

    /// <summary>The S2K iteration count byte: 0xF0 is 33,554,432 bytes hashed, near what <c>gpg</c> calibrates today.</summary>
    private const int S2kCount = 0xF0;

    private readonly PgpPublicKey? _key;
    private readonly string? _passphrase;

    private BundleEncryption(PgpPublicKey? key, string? passphrase)
    {
        _key = key;
        _passphrase = passphrase;
    }

    /// <summary>The fingerprint of the key encrypted to (upper-case hex), or null for a passphrase.</summary>
    public string? KeyFingerprint => _key is null ? null : Convert.ToHexString(_key.GetFingerprint());

    /// <summary>
    /// Checks a recipient: exactly one of key and passphrase; a passphrase at least <see cref="EvidenceOptions.MinExportPassphraseLength"/>
    /// characters; a key that parses and holds a key or subkey able to encrypt at <paramref name="now"/>.
    /// </summary>
    public static (BundleRefusal? Refusal, BundleEncryption? Encryption) For(BundleRecipient recipient, EvidenceOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(options);
        var hasKey = !string.IsNullOrWhiteSpace(recipient.PublicKeyArmored);
        var hasPassphrase = !string.IsNullOrEmpty(recipient.Passphrase);
        if (hasKey == hasPassphrase)
        {
            return (BundleRefusal.NoRecipient, null);
        }

        if (hasPassphrase)
        {
            return recipient.Passphrase!.Length < options.MinExportPassphraseLength || recipient.Passphrase.Length > 1024
                ? (BundleRefusal.PassphraseTooShort, null)
                : (null, new BundleEncryption(null, recipient.Passphrase));
        }

        var armored = recipient.PublicKeyArmored!;
        if (armored.Length > options.MaxRecipientKeyBytes || Encoding.UTF8.GetByteCount(armored) > options.MaxRecipientKeyBytes)
        {
            return (BundleRefusal.RecipientKeyUnreadable, null);
        }

        var (refusal, key) = ReadKey(Encoding.UTF8.GetBytes(armored), now.UtcDateTime);
        return refusal is null ? (null, new BundleEncryption(key, null)) : (refusal, null);
    }

    /// <summary>
    /// The first key or subkey of the first key ring that may encrypt (by its algorithm and, where its signatures
    /// say, its key flags) and is neither revoked nor expired, nor is its primary key.
    /// </summary>
    internal static (BundleRefusal? Refusal, PgpPublicKey? Key) ReadKey(byte[] bytes, DateTime now)
    {
        PgpPublicKeyRingBundle rings;
        try
        {
            using var input = PgpUtilities.GetDecoderStream(new MemoryStream(bytes, writable: false));
            rings = new PgpPublicKeyRingBundle(input);
        }
#pragma warning disable CA1031 // The key is hostile input: whatever the parser throws on it means "unreadable".
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return (BundleRefusal.RecipientKeyUnreadable, null);
        }

        if (rings.Count == 0)
        {
            return (BundleRefusal.RecipientKeyUnreadable, null);
        }

        foreach (PgpPublicKeyRing ring in rings.GetKeyRings())
        {
            var primary = ring.GetPublicKey();
            if (Unusable(primary, now))
            {
                continue;
            }

            foreach (PgpPublicKey key in ring.GetPublicKeys())
            {
                if (key.IsEncryptionKey && !Unusable(key, now) && FlagsAllowEncryption(key))
                {
                    return (null, key);
                }
            }
        }

        return (BundleRefusal.RecipientKeyCannotEncrypt, null);
    }

    /// <summary>
    /// Opens the encryption layer over <paramref name="output"/> and the literal data packet inside it; returns the
    /// stream to write the tar into. Dispose the literal stream, then the encrypted one, to finish the message.
    /// </summary>
    public (Stream Encrypted, Stream Literal) Open(Stream output, string literalName, DateTime modified)
    {
        var generator = new PgpEncryptedDataGenerator(SymmetricKeyAlgorithmTag.Aes256, withIntegrityPacket: true, new SecureRandom(new CryptoApiRandomGenerator()));
        if (_key is not null)
        {
            generator.AddMethod(_key);
        }
        else
        {
            var chars = _passphrase!.ToCharArray();
            try
            {
                generator.AddMethodUtf8(chars, HashAlgorithmTag.Sha256, S2kCount);
            }
            finally
            {
                Array.Clear(chars);
            }
        }

        var encrypted = generator.Open(output, new byte[ChunkLength]);
        var literal = new PgpLiteralDataGenerator().Open(encrypted, PgpLiteralData.Binary, literalName, modified, new byte[LiteralChunkLength]);
        return (encrypted, literal);
    }

    public override string ToString() => _key is null ? "BundleEncryption { passphrase }" : $"BundleEncryption {{ key {KeyFingerprint} }}";

    private static bool Unusable(PgpPublicKey key, DateTime now)
    {
        if (key.HasRevocation())
        {
            return true;
        }

        var valid = key.GetValidSeconds();
        return valid > 0 && key.CreationTime.AddSeconds(valid) <= now;
    }

    /// <summary>Where a self-signature gives key flags, they must allow encryption; a key without flags goes by its algorithm.</summary>
    private static bool FlagsAllowEncryption(PgpPublicKey key)
    {
        const int Encrypt = PgpKeyFlags.CanEncryptCommunications | PgpKeyFlags.CanEncryptStorage;
        foreach (PgpSignature signature in key.GetSignatures())
        {
            if (signature.GetHashedSubPackets() is { } hashed && hashed.GetKeyFlags() is var flags and not 0)
            {
                return (flags & Encrypt) != 0;
            }
        }

        return true;
    }
}
