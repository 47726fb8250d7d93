namespace Haven.Crypto;

/// <summary>
/// Envelope encryption of one record: a fresh 32-byte key <c>K</c> per record encrypts the plaintext, and
/// <c>K</c> is sealed to the case key (and, for replies, to the source key). Each record thus has its own key,
/// and reading it requires the secret key of the case or of the source.
/// </summary>
public static class RecordEnvelope
{
    /// <summary>
    /// Encrypts a record exactly as docs/protocol.md describes. <c>K</c> is drawn afresh on each call and wiped
    /// before returning.
    /// </summary>
    /// <param name="plaintext">The record's UTF-8 JSON.</param>
    /// <param name="kind">The record kind, bound into the associated data.</param>
    /// <param name="recordId">The record id (32 lowercase hex), bound into the associated data.</param>
    /// <param name="casePublicKey">The case public key <c>cpk</c> (32 bytes).</param>
    /// <param name="sourcePublicKey">The source public key <c>spk</c> (32 bytes) for replies, or empty for none.</param>
    /// <exception cref="ArgumentException">A key has the wrong length or the kind/id is malformed.</exception>
    public static SealedRecord Seal(ReadOnlySpan<byte> plaintext, string kind, string recordId, ReadOnlySpan<byte> casePublicKey, ReadOnlySpan<byte> sourcePublicKey)
    {
        var associatedData = RecordCipher.AssociatedData(kind, recordId);
        if (casePublicKey.Length != X25519KeyPair.KeyLength)
        {
            throw new ArgumentException(
                $"A case public key must be {X25519KeyPair.KeyLength} bytes, not {casePublicKey.Length}.", nameof(casePublicKey));
        }

        if (!sourcePublicKey.IsEmpty && sourcePublicKey.Length != X25519KeyPair.KeyLength)
        {
            throw new ArgumentException(
                $"A source public key must be empty or {X25519KeyPair.KeyLength} bytes, not {sourcePublicKey.Length}.", nameof(sourcePublicKey));
        }

        var recordKey = SecureMemory.AllocatePinned(RecordCipher.KeyLength);
        try
        {
            SodiumRandom.Fill(recordKey);
            var ciphertext = RecordCipher.Encrypt(plaintext, recordKey, associatedData);
            var keyForCase = SealedBox.Seal(recordKey, casePublicKey);
            var keyForSource = sourcePublicKey.IsEmpty ? null : SealedBox.Seal(recordKey, sourcePublicKey);
            return new SealedRecord(ciphertext, keyForCase, keyForSource);
        }
        finally
        {
            SecureMemory.Wipe(recordKey);
        }
    }

    /// <summary>
    /// Decrypts a record: unseals <c>K</c> from <paramref name="sealedKey"/> (either <c>key_for_case</c> with the
    /// case key pair or <c>key_for_source</c> with the source key pair), then decrypts the ciphertext. Returns
    /// false, never throws, on any wrong key, wrong kind or id, or altered byte.
    /// </summary>
    /// <param name="ciphertext"><c>records.ciphertext</c>.</param>
    /// <param name="sealedKey"><c>records.key_for_case</c> or <c>records.key_for_source</c>.</param>
    /// <param name="recipient">The case or source key pair that <paramref name="sealedKey"/> was sealed to.</param>
    /// <param name="kind">The record kind as stored.</param>
    /// <param name="recordId">The record id as stored.</param>
    /// <param name="plaintext">The plaintext on success; empty on failure.</param>
    /// <exception cref="ArgumentException">The kind or id is malformed (a programming error).</exception>
    public static bool TryOpen(byte[] ciphertext, byte[] sealedKey, X25519KeyPair recipient, string kind, string recordId, out byte[] plaintext)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        ArgumentNullException.ThrowIfNull(sealedKey);
        ArgumentNullException.ThrowIfNull(recipient);
        var associatedData = RecordCipher.AssociatedData(kind, recordId);
        plaintext = [];
        if (!SealedBox.TryOpen(sealedKey, recipient, out var recordKey))
        {
            return false;
        }

        try
        {
            return recordKey.Length == RecordCipher.KeyLength
                && RecordCipher.TryDecrypt(ciphertext, recordKey, associatedData, out plaintext);
        }
        finally
        {
            SecureMemory.Wipe(recordKey);
        }
    }
}
