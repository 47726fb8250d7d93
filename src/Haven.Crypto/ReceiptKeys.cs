namespace Haven.Crypto;

/// <summary>
/// What a receipt derives to: the lookup id that finds the source's row and the source's X25519 key pair
/// that opens replies. Dispose it to wipe the source secret key.
/// </summary>
public sealed class ReceiptKeys : IDisposable
{
    /// <summary>Takes ownership of <paramref name="sourceKeys"/>, which <see cref="Dispose"/> disposes.</summary>
    internal ReceiptKeys(string lookupId, X25519KeyPair sourceKeys)
    {
        LookupId = lookupId;
        SourceKeys = sourceKeys;
    }

    /// <summary>
    /// <c>BLAKE2b(32, S[0:32], key = pepper)</c> as 64 lowercase hex characters: <c>sources.lookup_id</c>.
    /// </summary>
    public string LookupId { get; }

    /// <summary>
    /// The source key pair (<c>ssk = S[32:64]</c>, <c>spk = PK(ssk)</c>); the public key is <c>sources.public_key</c>.
    /// </summary>
    public X25519KeyPair SourceKeys { get; }

    /// <summary>Wipes the source secret key.</summary>
    public void Dispose() => SourceKeys.Dispose();
}
