namespace Haven.Files;

/// <summary>A file received and encrypted into a pending blob, waiting for its record to be committed.</summary>
internal sealed record ReceivedFile(string Id, byte[] Key, string Name, string Type, long Size, byte[] Sha256, long BlobLength)
{
    public FileAttachment ToAttachment(string? original = null) => new()
    {
        Id = Id,
        Key = Convert.ToBase64String(Key),
        Name = Name,
        Type = Type,
        Size = Size,
        Sha256 = Convert.ToHexStringLower(Sha256),
        Original = original,
    };
}
