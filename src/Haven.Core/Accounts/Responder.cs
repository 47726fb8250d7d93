namespace Haven.Accounts;

/// <summary>
/// A responder account. The secret keys and the TOTP secret are wrapped under a key derived from the
/// passphrase; the server stores only the verifier and public keys.
/// </summary>
internal sealed class Responder
{
    public required string Id { get; init; }

    public required string Name { get; set; }

    public ResponderRole Role { get; set; }

    public bool Active { get; set; }

    public required byte[] X25519PublicKey { get; set; }

    public required byte[] Ed25519PublicKey { get; set; }

    public required byte[] KdfSalt { get; set; }

    public required byte[] Verifier { get; set; }

    public required byte[] WrappedKeys { get; set; }

    /// <summary>The last TOTP time step accepted; a code from this step or earlier is refused.</summary>
    public long LastTotpStep { get; set; }

    public DateOnly CreatedOn { get; init; }
}
