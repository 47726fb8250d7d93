namespace Haven.Evidence.Bundles;

/// <summary>What a check of <see cref="BundleVerifier"/> looked at.</summary>
internal enum BundleCheckKind
{
    /// <summary>The OpenPGP message opened with the passphrase or secret key given.</summary>
    Decryption,

    /// <summary>The OpenPGP message is integrity protected and its modification detection code matches.</summary>
    Integrity,

    /// <summary>The tar is readable, <c>manifest.json</c> is its first entry and is a manifest of a known format.</summary>
    Format,

    /// <summary>The exporting responder's signature of <c>manifest.json</c>.</summary>
    ResponderSignature,

    /// <summary>The instance's signature of <c>manifest.json</c>.</summary>
    InstanceSignature,

    /// <summary>The manifest's instance key is the one the checker expects (<c>--instance-key</c>).</summary>
    InstanceKey,

    /// <summary><c>public-keys.json</c> names the same two keys as the manifest.</summary>
    PublicKeys,

    /// <summary>A listed file's size.</summary>
    FileSize,

    /// <summary>A listed file's SHA-256.</summary>
    FileHash,

    /// <summary>A listed file the tar does not hold.</summary>
    MissingFile,

    /// <summary>An entry of the tar the manifest does not list (or lists once but the tar holds twice).</summary>
    ExtraFile,
}
