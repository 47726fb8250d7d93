namespace Haven.Record.Keys;

/// <summary>
/// The secret key of one documentation key generation sealed to one recipient: a responder, or the recovery
/// key when <see cref="ResponderId"/> is null. <c>sealed_key = Seal(dsk[generation], recipient public key)</c>.
/// </summary>
internal sealed class DocumentationKeySeal
{
    /// <summary>A random id (<see cref="Crypto.RandomId"/>).</summary>
    public required string Id { get; init; }

    public int Generation { get; init; }

    public string? ResponderId { get; init; }

    public required byte[] SealedKey { get; set; }
}
