namespace Haven.Crypto;

/// <summary>
/// What <see cref="FileEncryptor.CompleteAsync"/> measured: the plaintext length and its SHA-256, computed while
/// the plaintext streamed through, so that the file's integrity can be shown later without keeping the file.
/// </summary>
/// <param name="Length">Plaintext bytes.</param>
/// <param name="Sha256">SHA-256 of the plaintext (32 bytes), for evidence integrity.</param>
public sealed record FileDigest(long Length, byte[] Sha256);
