namespace Haven.Files;

/// <summary>
/// A blob could not be put in place before its record was committed (its pending file vanished, or the
/// folder refused the rename). Nothing was stored; a storage failure for the pages, which give the form back
/// with the storage error. Its message names no file and nothing a person wrote.
/// </summary>
internal sealed class BlobNotInPlaceException(Exception inner) : IOException("A file could not be put in place in the blob folder.", inner);
