namespace Haven.Files;

/// <summary>A cleaned file: its bytes, and the media type and extension of what it really is.</summary>
internal sealed record CleanedFile(byte[] Content, string MediaType, string Extension);
