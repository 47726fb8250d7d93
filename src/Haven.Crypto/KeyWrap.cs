using System.Text;

namespace Haven.Crypto;

/// <summary>
/// Wrapping of a responder's secret keys under the passphrase-derived key <c>W</c>:
/// <c>responders.wrapped_keys = n || AEAD(W, n, keys_json, "haven/v1/responder-keys:" || responder_id)</c>.
/// The responder id in the associated data stops one responder's wrapped keys from being copied to another.
/// </summary>
public static class KeyWrap
{
    private const string AdPrefix = "haven/v1/responder-keys:";

    /// <summary>The associated data <c>"haven/v1/responder-keys:" || responderId</c> in ASCII.</summary>
    /// <param name="responderId">The responder id: 32 lowercase hexadecimal characters.</param>
    /// <exception cref="ArgumentException">The id is not in that form.</exception>
    public static byte[] AssociatedData(string responderId)
    {
        RandomId.Validate(responderId, nameof(responderId));
        return Encoding.ASCII.GetBytes(AdPrefix + responderId);
    }

    /// <summary>Wraps <paramref name="plaintext"/> (the keys JSON) with a fresh random nonce.</summary>
    /// <exception cref="ArgumentException">The wrapping key is not 32 bytes or the id is malformed.</exception>
    public static byte[] Wrap(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> wrappingKey, string responderId) =>
        RecordCipher.Encrypt(plaintext, wrappingKey, AssociatedData(responderId));

    /// <summary>
    /// Unwraps the responder's keys. Returns false, never throws, for a wrong passphrase (wrong key), another
    /// responder's id or an altered value.
    /// </summary>
    /// <param name="wrapped"><c>responders.wrapped_keys</c> (untrusted).</param>
    /// <param name="wrappingKey">The 32-byte key <c>W</c>.</param>
    /// <param name="responderId">The responder id the keys were wrapped for.</param>
    /// <param name="plaintext">The keys JSON on success (wipe it after use); empty on failure.</param>
    /// <exception cref="ArgumentException">The wrapping key is not 32 bytes or the id is malformed.</exception>
    public static bool TryUnwrap(ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> wrappingKey, string responderId, out byte[] plaintext) =>
        RecordCipher.TryDecrypt(wrapped, wrappingKey, AssociatedData(responderId), out plaintext);
}
