namespace Haven.Evidence.Bundles;

/// <summary>
/// Whom a bundle is encrypted to: EITHER an OpenPGP public key (armored text, as <c>gpg --armor --export</c> gives
/// it) OR a passphrase for a recipient without a key. Exactly one is set; a request with both or neither is refused
/// (<see cref="BundleRefusal.NoRecipient"/>).
/// </summary>
internal sealed record BundleRecipient(string? PublicKeyArmored, string? Passphrase)
{
    /// <summary>A recipient with an OpenPGP public key.</summary>
    public static BundleRecipient Key(string armored) => new(armored, null);

    /// <summary>A recipient who opens the bundle with a passphrase.</summary>
    public static BundleRecipient WithPassphrase(string passphrase) => new(null, passphrase);

    /// <summary>Never shows the passphrase or the key in a log or a debugger.</summary>
    public override string ToString() => PublicKeyArmored is not null ? "BundleRecipient { key }" : "BundleRecipient { passphrase }";
}
