using System.Text;

namespace Haven.Crypto;

/// <summary>
/// The payload of a backup in protocol v1: one <c>crypto_secretstream_xchacha20poly1305</c> stream, cut
/// exactly like a file blob (<see cref="FileCipher"/>: a 24-byte header, 64 KiB chunks tagged
/// <c>MESSAGE</c>, the last one tagged <c>FINAL</c>), under a fresh key with the associated data
/// <c>"haven/v1/backup"</c> on every chunk. The fixed label keeps a backup and a file blob apart: neither
/// decrypts as the other even under the same key. Anything cut short, altered, reordered or extended ends in a
/// <see cref="System.Security.Cryptography.CryptographicException"/> while it is read.
/// </summary>
/// <remarks>
/// The key is sealed to the recovery public key (<see cref="SealedBox"/>) by the caller; this type only
/// streams. Remember that a sealed box is anonymous: anyone who knows the recovery public key can make a
/// backup that decrypts. The stream proves that nothing changed since it was written, not who wrote it.
/// </remarks>
public static class BackupCipher
{
    /// <summary>The associated data of every chunk, in ASCII.</summary>
    public const string Label = "haven/v1/backup";

    /// <summary>Key length, as for files (<c>crypto_secretstream_xchacha20poly1305_KEYBYTES</c>).</summary>
    public const int KeyLength = FileCipher.KeyLength;

    /// <summary>A fresh random stream key. Wipe it once it is sealed and the stream is written.</summary>
    public static byte[] NewKey() => FileCipher.NewKey();

    /// <summary>Encrypts a backup payload into <paramref name="output"/>; complete it with <see cref="FileEncryptor.CompleteAsync"/>.</summary>
    /// <exception cref="ArgumentException">The key is not <see cref="KeyLength"/> bytes.</exception>
    public static FileEncryptor Encrypt(Stream output, ReadOnlySpan<byte> key) => new(output, key, Encoding.ASCII.GetBytes(Label));

    /// <summary>Decrypts a backup payload while it is read from <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentException">The key is not <see cref="KeyLength"/> bytes.</exception>
    public static FileDecryptingStream Decrypt(Stream input, ReadOnlySpan<byte> key, bool leaveOpen = false) =>
        new(input, key, Encoding.ASCII.GetBytes(Label), leaveOpen);
}
