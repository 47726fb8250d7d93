namespace Haven.Crypto;

/// <summary>
/// Anonymous public-key encryption (libsodium <c>crypto_box_seal</c>): <c>Seal(m, pk)</c> and
/// <c>Unseal(c, sk)</c> of docs/protocol.md. It wraps record keys for a case or a source and case keys for the
/// recovery key and responders: anyone may seal to a public key, only the holder of the secret key can open.
/// </summary>
/// <remarks>
/// There is no nonce to manage: each <see cref="Seal"/> draws a fresh ephemeral key pair, and libsodium derives
/// the nonce from the ephemeral and the recipient's public keys, then wipes the ephemeral secret key. The
/// recipient cannot tell who sealed a value; what it proves is only that it was not altered.
/// </remarks>
public static class SealedBox
{
    /// <summary>How many bytes a sealed value is longer than its plaintext (<c>crypto_box_SEALBYTES</c>).</summary>
    public const int Overhead = Interop.Sodium.CryptoBoxSealBytes;

    /// <summary>Seals <paramref name="message"/> to <paramref name="recipientPublicKey"/>.</summary>
    /// <returns>An ephemeral public key followed by the authenticated ciphertext, <see cref="Overhead"/> bytes longer than the message.</returns>
    /// <exception cref="ArgumentException">The public key is not 32 bytes or is not a usable X25519 public key.</exception>
    public static unsafe byte[] Seal(ReadOnlySpan<byte> message, ReadOnlySpan<byte> recipientPublicKey)
    {
        if (recipientPublicKey.Length != X25519KeyPair.KeyLength)
        {
            throw new ArgumentException(
                $"A recipient public key must be {X25519KeyPair.KeyLength} bytes, not {recipientPublicKey.Length}.",
                nameof(recipientPublicKey));
        }

        if (message.Length > int.MaxValue - Overhead)
        {
            throw new ArgumentException("The message is too long to seal.", nameof(message));
        }

        var sealedMessage = new byte[message.Length + Overhead];
        int result;
        fixed (byte* c = sealedMessage)
        fixed (byte* m = message)
        fixed (byte* pk = recipientPublicKey)
        {
            result = Interop.Sodium.crypto_box_seal(c, m, (ulong)message.Length, pk);
        }

        if (result != 0)
        {
            // crypto_box_seal only fails when the shared secret is all zeros, i.e. a low-order public key.
            throw new ArgumentException("The recipient public key is not a valid X25519 public key.", nameof(recipientPublicKey));
        }

        return sealedMessage;
    }

    /// <summary>
    /// Opens a value sealed to <paramref name="recipient"/>. Returns false, never throws, when the value is
    /// too short, was sealed to another key or has been altered.
    /// </summary>
    /// <param name="sealedMessage">Output of <see cref="Seal"/> (untrusted).</param>
    /// <param name="recipient">The key pair whose public key the value was sealed to.</param>
    /// <param name="message">The plaintext on success; empty on failure. Wipe it if it is a key.</param>
    /// <exception cref="ObjectDisposedException"><paramref name="recipient"/> has been disposed.</exception>
    public static unsafe bool TryOpen(ReadOnlySpan<byte> sealedMessage, X25519KeyPair recipient, out byte[] message)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        using var secretKey = recipient.AcquireSecretKey();
        var publicKey = recipient.PublicKeySpan;
        message = [];
        if (sealedMessage.Length < Overhead)
        {
            return false;
        }

        // What a sealed box holds is a key (a case, record or backup key): pinned, so that no stale copy is left.
        var output = SecureMemory.AllocatePinned(sealedMessage.Length - Overhead);
        int result;
        fixed (byte* m = output)
        fixed (byte* c = sealedMessage)
        fixed (byte* pk = publicKey)
        {
            result = Interop.Sodium.crypto_box_seal_open(m, c, (ulong)sealedMessage.Length, pk, secretKey.Pointer);
        }

        if (result != 0)
        {
            SecureMemory.Wipe(output);
            return false;
        }

        message = output;
        return true;
    }

    /// <summary>
    /// Opens a sealed X25519 secret key (a case or documentation key sealed to a holder) and returns its key pair;
    /// null when it was sealed to another key or altered. The opened secret is wiped once the pair holds it.
    /// </summary>
    /// <exception cref="ObjectDisposedException"><paramref name="recipient"/> has been disposed.</exception>
    public static X25519KeyPair? OpenKeyPair(ReadOnlySpan<byte> sealedKey, X25519KeyPair recipient)
    {
        if (!TryOpen(sealedKey, recipient, out var secret))
        {
            return null;
        }

        try
        {
            return X25519KeyPair.FromSecretKey(secret);
        }
        finally
        {
            SecureMemory.Wipe(secret);
        }
    }
}
