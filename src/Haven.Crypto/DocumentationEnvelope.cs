using System.Text;

namespace Haven.Crypto;

/// <summary>
/// Envelope encryption of one version of a documentation entity (an event or a victim; docs/protocol.md,
/// "Record: events and victims"). A version has two parts, each under its own fresh 32-byte key:
/// the <em>coding</em> (controlled-vocabulary fields), whose key is sealed to the instance's documentation key
/// AND to the anchor case's key, and the <em>narrative</em> (everything written in words), whose key is sealed
/// to the case key only. The associated data binds each part to its kind and version id, and keeps a coding
/// from being passed off as a narrative or the other way round.
/// </summary>
public static class DocumentationEnvelope
{
    private const string CodingAdPrefix = "haven/v1/coding:";
    private const string NarrativeAdPrefix = "haven/v1/narrative:";

    /// <summary>The associated data of a coding: <c>"haven/v1/coding:" || kind || ":" || versionId</c> in ASCII.</summary>
    /// <exception cref="ArgumentException">The kind or the id is not in the expected form.</exception>
    public static byte[] CodingAssociatedData(string kind, string versionId) => AssociatedData(CodingAdPrefix, kind, versionId);

    /// <summary>The associated data of a narrative: <c>"haven/v1/narrative:" || kind || ":" || versionId</c> in ASCII.</summary>
    /// <exception cref="ArgumentException">The kind or the id is not in the expected form.</exception>
    public static byte[] NarrativeAssociatedData(string kind, string versionId) => AssociatedData(NarrativeAdPrefix, kind, versionId);

    /// <summary>
    /// Encrypts a coding: a fresh key <c>K</c>, <c>n || AEAD(K, n, json, ad)</c>, <c>K</c> sealed to the
    /// documentation public key and to the case public key. <c>K</c> is wiped before returning.
    /// </summary>
    /// <exception cref="ArgumentException">A key has the wrong length or the kind/id is malformed.</exception>
    public static SealedCoding SealCoding(ReadOnlySpan<byte> json, string kind, string versionId, ReadOnlySpan<byte> documentationPublicKey, ReadOnlySpan<byte> casePublicKey)
    {
        var ad = CodingAssociatedData(kind, versionId);
        CheckPublicKey(documentationPublicKey, nameof(documentationPublicKey));
        CheckPublicKey(casePublicKey, nameof(casePublicKey));
        var key = SecureMemory.AllocatePinned(RecordCipher.KeyLength);
        try
        {
            SodiumRandom.Fill(key);
            return new SealedCoding(RecordCipher.Encrypt(json, key, ad), SealedBox.Seal(key, documentationPublicKey), SealedBox.Seal(key, casePublicKey));
        }
        finally
        {
            SecureMemory.Wipe(key);
        }
    }

    /// <summary>
    /// Encrypts a narrative: a fresh key <c>K2</c>, <c>n || AEAD(K2, n, json, ad)</c>, <c>K2</c> sealed to the
    /// case public key only. <c>K2</c> is wiped before returning.
    /// </summary>
    /// <exception cref="ArgumentException">The key has the wrong length or the kind/id is malformed.</exception>
    public static SealedNarrative SealNarrative(ReadOnlySpan<byte> json, string kind, string versionId, ReadOnlySpan<byte> casePublicKey)
    {
        var (ciphertext, sealedKey) = SealTo(json, NarrativeAssociatedData(kind, versionId), casePublicKey, nameof(casePublicKey));
        return new SealedNarrative(ciphertext, sealedKey);
    }

    /// <summary>Encrypts <paramref name="json"/> under a fresh key (associated data <paramref name="ad"/>) and seals that key to one public key.</summary>
    internal static (byte[] Ciphertext, byte[] SealedKey) SealTo(ReadOnlySpan<byte> json, byte[] ad, ReadOnlySpan<byte> publicKey, string parameterName)
    {
        CheckPublicKey(publicKey, parameterName);
        var key = SecureMemory.AllocatePinned(RecordCipher.KeyLength);
        try
        {
            SodiumRandom.Fill(key);
            return (RecordCipher.Encrypt(json, key, ad), SealedBox.Seal(key, publicKey));
        }
        finally
        {
            SecureMemory.Wipe(key);
        }
    }

    /// <summary>
    /// Decrypts a coding with a key pair that one of its sealed keys was sealed to (the documentation key of its
    /// generation, or the case key of its generation). Returns false, never throws, on a wrong key, kind or id,
    /// or any altered byte.
    /// </summary>
    /// <exception cref="ArgumentException">The kind or id is malformed (a programming error).</exception>
    public static bool TryOpenCoding(byte[] ciphertext, byte[] sealedKey, X25519KeyPair recipient, string kind, string versionId, out byte[] json) =>
        TryOpen(ciphertext, sealedKey, recipient, CodingAssociatedData(kind, versionId), out json);

    /// <summary>Decrypts a narrative with the case key pair its key was sealed to; false, never throws, on failure.</summary>
    /// <exception cref="ArgumentException">The kind or id is malformed (a programming error).</exception>
    public static bool TryOpenNarrative(byte[] ciphertext, byte[] sealedKey, X25519KeyPair recipient, string kind, string versionId, out byte[] json) =>
        TryOpen(ciphertext, sealedKey, recipient, NarrativeAssociatedData(kind, versionId), out json);

    /// <summary>Opens <paramref name="ciphertext"/> (associated data <paramref name="ad"/>) with its key sealed to <paramref name="recipient"/>: the envelope of codings, narratives and figure bases.</summary>
    internal static bool TryOpen(byte[] ciphertext, byte[] sealedKey, X25519KeyPair recipient, byte[] ad, out byte[] json)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        ArgumentNullException.ThrowIfNull(sealedKey);
        ArgumentNullException.ThrowIfNull(recipient);
        json = [];
        if (!SealedBox.TryOpen(sealedKey, recipient, out var key))
        {
            return false;
        }

        try
        {
            return key.Length == RecordCipher.KeyLength && RecordCipher.TryDecrypt(ciphertext, key, ad, out json);
        }
        finally
        {
            SecureMemory.Wipe(key);
        }
    }

    private static byte[] AssociatedData(string prefix, string kind, string versionId)
    {
        RecordCipher.ValidateKind(kind);
        RandomId.Validate(versionId, nameof(versionId));
        return Encoding.ASCII.GetBytes(prefix + kind + ":" + versionId);
    }

    private static void CheckPublicKey(ReadOnlySpan<byte> key, string name)
    {
        if (key.Length != X25519KeyPair.KeyLength)
        {
            throw new ArgumentException($"A public key must be {X25519KeyPair.KeyLength} bytes, not {key.Length}.", name);
        }
    }
}
