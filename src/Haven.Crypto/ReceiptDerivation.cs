using System.Text;

namespace Haven.Crypto;

/// <summary>
/// Derivation of a source's lookup id and key pair from the receipt and the instance pepper
/// (docs/protocol.md, "Source receipt"). The pepper keys every step, so a stolen database without
/// <c>instance.key</c> gives no way to test receipts; with it, each guess costs one Argon2id.
/// </summary>
public static class ReceiptDerivation
{
    /// <summary>Length of the instance pepper in bytes.</summary>
    public const int PepperLength = 32;

    private static readonly byte[] SaltLabel = "haven/v1/receipt-salt"u8.ToArray();

    /// <summary>The instance-wide Argon2id salt: <c>BLAKE2b(16, "haven/v1/receipt-salt", key = pepper)</c>.</summary>
    /// <exception cref="ArgumentException">The pepper is not 32 bytes.</exception>
    public static byte[] Salt(ReadOnlySpan<byte> pepper)
    {
        ValidatePepper(pepper);
        return Blake2b.Hash(Argon2id.SaltLength, SaltLabel, pepper);
    }

    /// <summary>
    /// Derives the lookup id and the source key pair from a receipt:
    /// <c>S = Argon2id(64, r, salt)</c>, <c>lookup = BLAKE2b(32, S[0:32], key = pepper)</c>, <c>ssk = S[32:64]</c>.
    /// <c>S</c> is wiped before returning. Costs one Argon2id (64 MiB).
    /// </summary>
    /// <param name="normalizedDigits">The 20 ASCII digits from <see cref="Receipt.TryNormalize"/>.</param>
    /// <param name="pepper">The 32-byte instance pepper.</param>
    /// <exception cref="ArgumentException">The receipt is not 20 ASCII digits or the pepper is not 32 bytes.</exception>
    public static ReceiptKeys Derive(string normalizedDigits, ReadOnlySpan<byte> pepper)
    {
        Receipt.ValidateNormalized(normalizedDigits, nameof(normalizedDigits));
        var salt = Salt(pepper);
        Span<byte> password = stackalloc byte[Receipt.Digits];
        byte[]? derived = null;
        try
        {
            Encoding.ASCII.GetBytes(normalizedDigits, password);
            derived = Argon2id.Derive(64, password, salt);
            var lookupId = Hex.Encode(Blake2b.Hash(32, derived.AsSpan(0, 32), pepper));
            var sourceKeys = X25519KeyPair.FromSecretKey(derived.AsSpan(32, 32));
            return new ReceiptKeys(lookupId, sourceKeys);
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

    private static void ValidatePepper(ReadOnlySpan<byte> pepper)
    {
        if (pepper.Length != PepperLength)
        {
            throw new ArgumentException($"The pepper must be {PepperLength} bytes, not {pepper.Length}.", nameof(pepper));
        }
    }
}
