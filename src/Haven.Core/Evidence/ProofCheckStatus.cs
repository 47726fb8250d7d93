namespace Haven.Evidence;

/// <summary>The result of one check; every value but <see cref="Passed"/> is a failure the desk names.</summary>
internal enum ProofCheckStatus
{
    /// <summary>The signature is valid with the bundle's key, or the hash matches, or the claims were read.</summary>
    Passed,

    /// <summary>A signature that does not verify over the content, or a hash that differs from the claim.</summary>
    Failed,

    /// <summary>A signature made by a key other than the bundle's <c>pubkey.asc</c>.</summary>
    OtherKey,

    /// <summary>The signature, the proof or the key is there but cannot be read.</summary>
    Unreadable,

    /// <summary>The file the check needs is not in the bundle.</summary>
    Missing,

    /// <summary>Not checked: the bundle has no usable public key.</summary>
    NoKey,

    /// <summary>The proof file is named for one hash but its content claims another.</summary>
    ClaimDiffers,
}
