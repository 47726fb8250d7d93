namespace Haven.Crypto;

/// <summary>The stored columns of a coding: ciphertext and its key sealed to the documentation key and to the case key.</summary>
/// <param name="Ciphertext"><c>n || AEAD(K, n, json, ad)</c>.</param>
/// <param name="KeyForDocumentation"><c>Seal(K, documentation public key)</c>.</param>
/// <param name="KeyForCase"><c>Seal(K, case public key)</c>.</param>
public sealed record SealedCoding(byte[] Ciphertext, byte[] KeyForDocumentation, byte[] KeyForCase);
