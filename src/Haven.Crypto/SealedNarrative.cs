namespace Haven.Crypto;

/// <summary>The stored columns of a narrative: ciphertext and its key sealed to the case key only.</summary>
/// <param name="Ciphertext"><c>n || AEAD(K2, n, json, ad)</c>.</param>
/// <param name="KeyForCase"><c>Seal(K2, case public key)</c>.</param>
public sealed record SealedNarrative(byte[] Ciphertext, byte[] KeyForCase);
