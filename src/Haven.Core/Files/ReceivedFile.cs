namespace Haven.Files;

/// <summary>A file received and encrypted into a pending blob, waiting for its record to be committed.</summary>
internal sealed record ReceivedFile(string Id, byte[] Key, string Name, string Type, long Size, byte[] Sha256, long BlobLength)
{
    /// <summary>The listing of this file in its record; for a working copy, the file it was made from and how (<see cref="WorkingCopyKinds"/>).</summary>
    public FileAttachment ToAttachment(string? original = null, string? copyKind = null) => new()
    {
        Id = Id,
        Key = Convert.ToBase64String(Key),
        Name = Name,
        Type = Type,
        Size = Size,
        Sha256 = Convert.ToHexStringLower(Sha256),
        Original = original,
        CopyKind = copyKind,
    };
}
