namespace Haven.Files;

/// <summary>A file opened for download: what its record says about it, and its plaintext as a stream.</summary>
internal sealed record OpenedFile(FileAttachment Attachment, Stream Content) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
