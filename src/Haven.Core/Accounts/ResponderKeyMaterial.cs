namespace Haven.Accounts;

/// <summary>What a new set of responder keys leaves on the server: public halves, the wrapped secrets, and the TOTP secret to enrol once.</summary>
internal sealed record ResponderKeyMaterial(byte[] X25519PublicKey, byte[] Ed25519PublicKey, byte[] KdfSalt, byte[] Verifier, byte[] WrappedKeys, string TotpSecret);
