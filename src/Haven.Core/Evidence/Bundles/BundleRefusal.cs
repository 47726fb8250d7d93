namespace Haven.Evidence.Bundles;

/// <summary>Why <see cref="BuildBundleCommand.PrepareAsync"/> refused an export before a byte of it was sent.</summary>
internal enum BundleRefusal
{
    /// <summary>
    /// An id is malformed, the responder does not hold a case of the request, a file is not of the case named, is not
    /// listed in a record the responder can open, or its blob is gone: the same 404 as everywhere.
    /// </summary>
    NotFound,

    /// <summary>The request names no file.</summary>
    NoFiles,

    /// <summary>More files than <see cref="EvidenceOptions.MaxExportFiles"/>.</summary>
    TooManyFiles,

    /// <summary>The recipient's key is not an armored OpenPGP public key, or larger than <see cref="EvidenceOptions.MaxRecipientKeyBytes"/>.</summary>
    RecipientKeyUnreadable,

    /// <summary>The key is readable but has no key or subkey that may encrypt and is neither revoked nor expired.</summary>
    RecipientKeyCannotEncrypt,

    /// <summary>The passphrase is shorter than <see cref="EvidenceOptions.MinExportPassphraseLength"/> (or longer than 1024 characters).</summary>
    PassphraseTooShort,

    /// <summary>Neither a key nor a passphrase was given, or both were.</summary>
    NoRecipient,
}
