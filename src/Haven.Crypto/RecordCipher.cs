using System.Text;

namespace Haven.Crypto;

/// <summary>
/// Authenticated encryption with XChaCha20-Poly1305 (libsodium <c>crypto_aead_xchacha20poly1305_ietf</c>) in
/// the protocol's layout <c>n || AEAD(K, n, plaintext, ad)</c>. The 24-byte nonce is random for every message,
/// which is safe with XChaCha20; the associated data binds the ciphertext to its place (record kind and id,
/// responder id) so it cannot be moved elsewhere.
/// </summary>
public static class RecordCipher
{
    /// <summary>Key length in bytes (<c>crypto_aead_xchacha20poly1305_ietf_KEYBYTES</c>).</summary>
    public const int KeyLength = Interop.Sodium.CryptoAeadXChaCha20Poly1305IetfKeyBytes;

    /// <summary>Nonce length in bytes (<c>crypto_aead_xchacha20poly1305_ietf_NPUBBYTES</c>).</summary>
    public const int NonceLength = Interop.Sodium.CryptoAeadXChaCha20Poly1305IetfNPubBytes;

    /// <summary>Authentication tag length in bytes (<c>crypto_aead_xchacha20poly1305_ietf_ABYTES</c>).</summary>
    public const int TagLength = Interop.Sodium.CryptoAeadXChaCha20Poly1305IetfABytes;

    /// <summary>How many bytes the output of <see cref="Encrypt"/> is longer than the plaintext (nonce and tag).</summary>
    public const int Overhead = NonceLength + TagLength;

    private const string RecordAdPrefix = "haven/v1/record:";

    /// <summary>
    /// The associated data of a record, <c>"haven/v1/record:" || kind || ":" || recordId</c> in ASCII, so that
    /// a record's ciphertext only opens as that record and that kind.
    /// </summary>
    /// <param name="kind">The record kind (<c>request</c>, <c>message</c>, <c>reply</c>, …): lowercase ASCII letters, digits, <c>-</c> or <c>_</c>.</param>
    /// <param name="recordId">The record id: 32 lowercase hexadecimal characters.</param>
    /// <exception cref="ArgumentException">The kind or the id is not in the expected form.</exception>
    public static byte[] AssociatedData(string kind, string recordId)
    {
        ValidateKind(kind);
        RandomId.Validate(recordId, nameof(recordId));
        return Encoding.ASCII.GetBytes(RecordAdPrefix + kind + ":" + recordId);
    }

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> under <paramref name="key"/> with a fresh random nonce.
    /// </summary>
    /// <returns><c>nonce || ciphertext || tag</c>, <see cref="Overhead"/> bytes longer than the plaintext.</returns>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> key, ReadOnlySpan<byte> associatedData)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        SodiumRandom.Fill(nonce);
        return EncryptWithNonce(plaintext, key, nonce, associatedData);
    }

    /// <summary>
    /// Encryption with a caller-chosen nonce. Internal on purpose: only known-answer tests may fix a nonce;
    /// reusing a nonce with the same key would be fatal.
    /// </summary>
    internal static unsafe byte[] EncryptWithNonce(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData)
    {
        ValidateKey(key);
        if (nonce.Length != NonceLength)
        {
            throw new ArgumentException($"A nonce must be {NonceLength} bytes, not {nonce.Length}.", nameof(nonce));
        }

        if (plaintext.Length > int.MaxValue - Overhead)
        {
            throw new ArgumentException("The plaintext is too long to encrypt.", nameof(plaintext));
        }

        var output = new byte[plaintext.Length + Overhead];
        nonce.CopyTo(output);
        ulong written;
        fixed (byte* c = &output[NonceLength])
        fixed (byte* m = plaintext)
        fixed (byte* ad = associatedData)
        fixed (byte* n = nonce)
        fixed (byte* k = key)
        {
            SecureMemory.Check(
                Interop.Sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
                    c, &written, m, (ulong)plaintext.Length, ad, (ulong)associatedData.Length, null, n, k),
                "crypto_aead_xchacha20poly1305_ietf_encrypt");
        }

        return output;
    }

    /// <summary>
    /// Decrypts the output of <see cref="Encrypt"/>. Returns false, never throws, when the input is too short,
    /// the key or associated data differ, or any byte has been altered.
    /// </summary>
    /// <param name="nonceAndCiphertext"><c>nonce || ciphertext || tag</c> (untrusted).</param>
    /// <param name="key">The 32-byte key.</param>
    /// <param name="associatedData">Must equal the associated data given to <see cref="Encrypt"/>.</param>
    /// <param name="plaintext">The plaintext on success (the caller owns it and wipes it if it is a secret); empty on failure, when the decrypted bytes are wiped.</param>
    /// <exception cref="ArgumentException">The key is not 32 bytes (a programming error, not a bad ciphertext).</exception>
    public static unsafe bool TryDecrypt(ReadOnlySpan<byte> nonceAndCiphertext, ReadOnlySpan<byte> key, ReadOnlySpan<byte> associatedData, out byte[] plaintext)
    {
        ValidateKey(key);
        plaintext = [];
        if (nonceAndCiphertext.Length < Overhead)
        {
            return false;
        }

        var nonce = nonceAndCiphertext[..NonceLength];
        var ciphertext = nonceAndCiphertext[NonceLength..];
        var output = new byte[ciphertext.Length - TagLength];
        ulong written;
        int result;
        fixed (byte* m = output)
        fixed (byte* c = ciphertext)
        fixed (byte* ad = associatedData)
        fixed (byte* n = nonce)
        fixed (byte* k = key)
        {
            result = Interop.Sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
                m, &written, null, c, (ulong)ciphertext.Length, ad, (ulong)associatedData.Length, n, k);
        }

        if (result != 0)
        {
            SecureMemory.Wipe(output);
            return false;
        }

        plaintext = output;
        return true;
    }

    /// <summary>Refuses a key that is not <see cref="KeyLength"/> bytes (a programming error, not bad input).</summary>
    /// <exception cref="ArgumentException">The key has another length.</exception>
    internal static void ValidateKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"An XChaCha20-Poly1305 key must be {KeyLength} bytes, not {key.Length}.", nameof(key));
        }
    }

    internal static void ValidateKind(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (kind.Length is 0 or > 64 || !kind.All(static c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException(
                $"A record kind must be 1 to 64 lowercase ASCII letters, digits, '-' or '_', not \"{kind}\".", nameof(kind));
        }
    }
}
