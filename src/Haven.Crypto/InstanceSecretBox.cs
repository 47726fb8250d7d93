using System.Text;

namespace Haven.Crypto;

/// <summary>
/// Secrets the server itself must be able to read without any person's key, because an unattended job uses them:
/// target e-mail addresses, letters waiting in the mail outbox, a responder's alert address (Act and alerts,
/// issue 18). They are encrypted with a key derived from the instance pepper, which lives in the data directory's
/// key file and never in the database, so a copy of the database alone does not reveal them:
/// <c>M = BLAKE2b-32("haven/v1/instance-secret-key", key = pepper)</c> and
/// <c>value = n || AEAD(M, n, plaintext, "haven/v1/instance-secret:" || purpose || ":" || id)</c>
/// (docs/protocol.md, "Act: secrets the server reads"). Only the XChaCha20-Poly1305 of <see cref="RecordCipher"/>.
/// </summary>
public static class InstanceSecretBox
{
    private const string KeyContext = "haven/v1/instance-secret-key";
    private const string AdPrefix = "haven/v1/instance-secret:";

    /// <summary>Derives the 32-byte key <c>M</c> from the instance pepper (wipe it after use where you can).</summary>
    /// <exception cref="ArgumentException">The pepper is shorter than 16 bytes.</exception>
    public static byte[] DeriveKey(ReadOnlySpan<byte> pepper) =>
        Blake2b.Hash(RecordCipher.KeyLength, Encoding.ASCII.GetBytes(KeyContext), pepper);

    /// <summary>The associated data <c>"haven/v1/instance-secret:" || purpose || ":" || id</c> in ASCII.</summary>
    /// <param name="purpose">What the secret is (<c>target-email</c>, <c>outbox</c>, <c>held</c>, <c>alert-address</c>): lowercase ASCII letters, digits or <c>-</c>.</param>
    /// <param name="id">The id of the row that holds it: 32 lowercase hexadecimal characters.</param>
    /// <exception cref="ArgumentException">The purpose or the id is not in that form.</exception>
    public static byte[] AssociatedData(string purpose, string id)
    {
        if (string.IsNullOrEmpty(purpose) || !purpose.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException("A purpose is lowercase ASCII letters, digits or '-'.", nameof(purpose));
        }

        RandomId.Validate(id, nameof(id));
        return Encoding.ASCII.GetBytes(AdPrefix + purpose + ":" + id);
    }

    /// <summary>Encrypts <paramref name="plaintext"/> under <paramref name="key"/> for the row <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes, or the purpose or id is malformed.</exception>
    public static byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> key, string purpose, string id) =>
        RecordCipher.Encrypt(plaintext, key, AssociatedData(purpose, id));

    /// <summary>Decrypts a value sealed by <see cref="Seal"/>; false, never a throw, for a wrong key, row, purpose or altered bytes.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes, or the purpose or id is malformed.</exception>
    public static bool TryOpen(ReadOnlySpan<byte> sealedValue, ReadOnlySpan<byte> key, string purpose, string id, out byte[] plaintext) =>
        RecordCipher.TryDecrypt(sealedValue, key, AssociatedData(purpose, id), out plaintext);
}
