using System.Text;

namespace Haven.Crypto;

/// <summary>
/// Envelope encryption of the basis of a figure release (docs/protocol.md, "Figures: the basis of a release"): the
/// true counts behind a published table, kept for the audit of later versions and for the desk. Exactly the
/// construction of a coding (<see cref="DocumentationEnvelope"/>): a fresh 32-byte key <c>K</c>,
/// <c>n || AEAD(K, n, json, "haven/v1/figure-basis:" || releaseId)</c>, and <c>K</c> sealed to the instance's
/// current documentation public key (not to any case: a figure counts many cases).
/// </summary>
public static class FigureBasisEnvelope
{
    private const string AdPrefix = "haven/v1/figure-basis:";

    /// <summary>The associated data of a basis: <c>"haven/v1/figure-basis:" || releaseId</c> in ASCII.</summary>
    /// <exception cref="ArgumentException">The id is not 32 lowercase hexadecimal characters.</exception>
    public static byte[] AssociatedData(string releaseId)
    {
        RandomId.Validate(releaseId, nameof(releaseId));
        return Encoding.ASCII.GetBytes(AdPrefix + releaseId);
    }

    /// <summary>
    /// Encrypts a basis: a fresh key <c>K</c>, <c>n || AEAD(K, n, json, ad)</c>, <c>K</c> sealed to the documentation
    /// public key. <c>K</c> is wiped before returning.
    /// </summary>
    /// <returns>The ciphertext and the sealed key, both to store.</returns>
    /// <exception cref="ArgumentException">The key has the wrong length or the id is malformed.</exception>
    public static (byte[] Ciphertext, byte[] KeyForDocumentation) Seal(ReadOnlySpan<byte> json, string releaseId, ReadOnlySpan<byte> documentationPublicKey)
    {
        var (ciphertext, sealedKey) = DocumentationEnvelope.SealTo(json, AssociatedData(releaseId), documentationPublicKey, nameof(documentationPublicKey));
        return (ciphertext, sealedKey);
    }

    /// <summary>
    /// Decrypts a basis with the documentation key pair of the generation its key was sealed to. Returns false, never
    /// throws, on a wrong key or id or any altered byte.
    /// </summary>
    /// <exception cref="ArgumentException">The id is malformed (a programming error).</exception>
    public static bool TryOpen(byte[] ciphertext, byte[] sealedKey, X25519KeyPair recipient, string releaseId, out byte[] json)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        ArgumentNullException.ThrowIfNull(sealedKey);
        ArgumentNullException.ThrowIfNull(recipient);
        return DocumentationEnvelope.TryOpen(ciphertext, sealedKey, recipient, AssociatedData(releaseId), out json);
    }
}
