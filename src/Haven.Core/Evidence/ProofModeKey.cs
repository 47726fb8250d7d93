namespace Haven.Evidence;

/// <summary>
/// The bundle's <c>pubkey.asc</c>: <see cref="ProofCheckStatus.Passed"/> when it holds an OpenPGP public key,
/// its primary key's fingerprint (40 upper-case hexadecimal characters, as <c>gpg --fingerprint</c> prints it
/// without spaces) and the user ids whose self-signature verifies. The key came in the same bundle: a valid
/// signature shows the files were not changed since that key signed them, not who holds the key.
/// </summary>
internal sealed record ProofModeKey(ProofCheckStatus Status, string? Fingerprint, IReadOnlyList<string> UserIds);
