namespace Haven.Crypto;

/// <summary>
/// The three stored columns of an encrypted record (docs/protocol.md, "Records"): what the database keeps
/// instead of the plaintext.
/// </summary>
/// <param name="Ciphertext"><c>records.ciphertext</c>: <c>n || AEAD(K, n, plaintext, ad)</c>.</param>
/// <param name="KeyForCase"><c>records.key_for_case</c>: the record key <c>K</c> sealed to the case public key.</param>
/// <param name="KeyForSource"><c>records.key_for_source</c>: <c>K</c> sealed to the source public key (replies only), otherwise null.</param>
public sealed record SealedRecord(byte[] Ciphertext, byte[] KeyForCase, byte[]? KeyForSource);
