using System.Text;

namespace Haven.Crypto;

/// <summary>
/// Files in protocol v1: libsodium's <c>crypto_secretstream_xchacha20poly1305</c> over fixed 64 KiB chunks,
/// so that a file of any size is encrypted while it streams in and decrypted while it streams out, with
/// constant memory. A blob is <c>header (24 bytes) || chunk_1 || … || chunk_n</c>: every chunk but the last
/// holds exactly <see cref="ChunkLength"/> bytes of plaintext and is tagged <c>MESSAGE</c>; the last holds 0
/// to <see cref="ChunkLength"/> − 1 bytes and is tagged <c>FINAL</c>, so a truncated blob never decrypts as
/// a shorter file. Every chunk carries the associated data <see cref="AssociatedData"/>, which binds the blob
/// to its file id.
/// </summary>
/// <remarks>
/// Every file gets its own fresh 32-byte key (<see cref="NewKey"/>), and libsodium draws a random header (the
/// stream's nonce) each time a stream starts, so no nonce is ever chosen by Haven and none repeats. Writing is
/// <see cref="FileEncryptor"/>, reading <see cref="FileDecryptingStream"/>; <see cref="BackupCipher"/> uses the
/// same layout with another associated data. The layout is in docs/protocol.md, "Files".
/// </remarks>
public static class FileCipher
{
    /// <summary>Plaintext bytes in every chunk but the last.</summary>
    public const int ChunkLength = 64 * 1024;

    /// <summary>Key length (<c>crypto_secretstream_xchacha20poly1305_KEYBYTES</c>).</summary>
    public const int KeyLength = Interop.Sodium.CryptoSecretStreamKeyBytes;

    /// <summary>Header length (<c>crypto_secretstream_xchacha20poly1305_HEADERBYTES</c>).</summary>
    public const int HeaderLength = Interop.Sodium.CryptoSecretStreamHeaderBytes;

    /// <summary>How much longer each ciphertext chunk is than its plaintext (<c>…_ABYTES</c>).</summary>
    public const int ChunkOverhead = Interop.Sodium.CryptoSecretStreamABytes;

    /// <summary>Length of a full ciphertext chunk.</summary>
    public const int CipherChunkLength = ChunkLength + ChunkOverhead;

    private const string AdPrefix = "haven/v1/file:";

    /// <summary>A fresh random file key.</summary>
    public static byte[] NewKey() => SodiumRandom.Bytes(KeyLength);

    /// <summary><c>"haven/v1/file:" || fileId</c> in ASCII, the associated data of every chunk.</summary>
    /// <exception cref="ArgumentException">The id is not 32 lowercase hexadecimal characters.</exception>
    public static byte[] AssociatedData(string fileId)
    {
        RandomId.Validate(fileId, nameof(fileId));
        return Encoding.ASCII.GetBytes(AdPrefix + fileId);
    }

    /// <summary>The exact blob length of a file of <paramref name="plaintextLength"/> bytes.</summary>
    public static long CiphertextLength(long plaintextLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        var full = plaintextLength / ChunkLength;
        return HeaderLength + (full * CipherChunkLength) + (plaintextLength % ChunkLength) + ChunkOverhead;
    }

    /// <summary>Refuses a key that is not <see cref="KeyLength"/> bytes (a programming error, not bad input).</summary>
    /// <exception cref="ArgumentException">The key has another length.</exception>
    internal static void ValidateKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"A file key must be {KeyLength} bytes, not {key.Length}.", nameof(key));
        }
    }

    /// <summary>A pinned, wiped-on-dispose buffer for a secretstream state (its size asked from libsodium).</summary>
    internal static byte[] NewState() =>
        SecureMemory.AllocatePinned((int)Interop.Sodium.crypto_secretstream_xchacha20poly1305_statebytes());
}
