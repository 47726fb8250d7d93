using System.Text;

namespace Haven.Crypto;

/// <summary>
/// Derivation of a responder's verifier and wrapping key from the passphrase (docs/protocol.md,
/// "Responders"): <c>D = Argon2id(64, NFC(passphrase), kdf_salt)</c>, <c>verifier = BLAKE2b(32, D[0:32])</c>,
/// <c>W = D[32:64]</c>. The two halves are independent, so the stored verifier says nothing about <c>W</c>.
/// </summary>
public static class PassphraseDerivation
{
    /// <summary>Length of a verifier in bytes.</summary>
    public const int VerifierLength = 32;

    /// <summary>
    /// Derives the verifier and the wrapping key. The passphrase is normalised to Unicode NFC first, so that
    /// the same passphrase typed on different systems (composed or decomposed accents) gives the same keys.
    /// Costs one Argon2id (64 MiB).
    /// </summary>
    /// <param name="passphrase">The passphrase as typed; must not be empty.</param>
    /// <param name="salt">The responder's random 16-byte <c>kdf_salt</c>.</param>
    /// <exception cref="ArgumentException">The passphrase is empty or not valid Unicode, or the salt is not 16 bytes.</exception>
    public static PassphraseKeys Derive(string passphrase, ReadOnlySpan<byte> salt)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        if (salt.Length != Argon2id.SaltLength)
        {
            throw new ArgumentException($"A passphrase salt must be {Argon2id.SaltLength} bytes, not {salt.Length}.", nameof(salt));
        }

        // string.Normalize throws ArgumentException on invalid UTF-16 (lone surrogates); the normalised
        // string itself cannot be wiped, but its UTF-8 bytes can.
        var normalized = passphrase.Normalize(NormalizationForm.FormC);
        var password = SecureMemory.AllocatePinned(Encoding.UTF8.GetByteCount(normalized));
        byte[]? derived = null;
        try
        {
            Encoding.UTF8.GetBytes(normalized, password);
            derived = Argon2id.Derive(64, password, salt);
            var verifier = Blake2b.Hash(VerifierLength, derived.AsSpan(0, 32), []);
            var wrappingKey = SecureMemory.AllocatePinned(RecordCipher.KeyLength);
            derived.AsSpan(32, 32).CopyTo(wrappingKey);
            return new PassphraseKeys(verifier, wrappingKey);
        }
        finally
        {
            SecureMemory.Wipe(password);
            if (derived is not null)
            {
                SecureMemory.Wipe(derived);
            }
        }
    }

    /// <summary>
    /// Compares two verifiers in constant time (<c>sodium_memcmp</c>), so that the comparison leaks nothing
    /// about how many bytes matched. False unless both are exactly 32 bytes and equal.
    /// </summary>
    public static unsafe bool VerifierMatches(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != VerifierLength || b.Length != VerifierLength)
        {
            return false;
        }

        fixed (byte* pa = a)
        fixed (byte* pb = b)
        {
            return Interop.Sodium.sodium_memcmp(pa, pb, VerifierLength) == 0;
        }
    }
}
