namespace Haven.Intake;

/// <summary>
/// One entry of the conversation as the person sees it: a reply (with its text and files), or what they sent
/// on one day, counted (<paramref name="Count"/> messages in a row, which their key cannot open anyway, and
/// the <paramref name="FileCount"/> files that came with them: a count the <c>files</c> table holds in
/// plaintext, never their names).
/// </summary>
internal sealed record SourceEntry(string Kind, DateOnly On, string? Text, IReadOnlyList<Files.FileAttachment>? Files = null, int Count = 1, int FileCount = 0);
