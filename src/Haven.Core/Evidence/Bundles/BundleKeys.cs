using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Haven.Evidence.Bundles;

/// <summary>
/// What opens a bundle's OpenPGP layer for <see cref="BundleVerifier"/>: the passphrase it was encrypted to, or the
/// recipient's secret key (armoured, as <c>gpg --export-secret-keys --armor</c> writes it) with its passphrase.
/// </summary>
internal sealed class BundleKeys
{
    private BundleKeys(string? passphrase, PgpSecretKeyRingBundle? secretKeys, string? secretKeyPassphrase)
    {
        Passphrase = passphrase;
        SecretKeys = secretKeys;
        SecretKeyPassphrase = secretKeyPassphrase;
    }

    public string? Passphrase { get; }

    public PgpSecretKeyRingBundle? SecretKeys { get; }

    public string? SecretKeyPassphrase { get; }

    public static BundleKeys FromPassphrase(string passphrase) => new(passphrase, null, null);

    /// <summary>Reads a secret key file (armoured or binary).</summary>
    /// <exception cref="InvalidDataException">The file holds no OpenPGP secret key.</exception>
    public static BundleKeys FromSecretKey(Stream secretKey, string? passphrase)
    {
        try
        {
            var rings = new PgpSecretKeyRingBundle(PgpUtilities.GetDecoderStream(secretKey));
            return rings.Count == 0
                ? throw new InvalidDataException("The secret key file holds no OpenPGP secret key.")
                : new BundleKeys(null, rings, passphrase);
        }
        catch (Exception e) when (e is IOException or PgpException or ArgumentException)
        {
            throw new InvalidDataException("The secret key file holds no readable OpenPGP secret key.", e);
        }
    }

    public override string ToString() => nameof(BundleKeys);
}
