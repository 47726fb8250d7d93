namespace Haven.Intake;

/// <summary>
/// A person who asked for help, known only by the lookup id derived from their receipt and the public key
/// that lets responders seal replies to them.
/// </summary>
internal sealed class Source
{
    /// <summary>Hex of the keyed BLAKE2b of the first half of the receipt derivation.</summary>
    public required string LookupId { get; init; }

    public required string CaseId { get; init; }

    public required byte[] PublicKey { get; init; }
}
