using Haven.Web.Files;

namespace Haven.Web.Record;

/// <summary>
/// What <see cref="GazetteerUploadReader"/> read from the import form: the problem with the request (then no
/// file), or the CSV file's bytes, held in memory (plaintext configuration, never written to disk).
/// </summary>
internal sealed record GazetteerUpload(UploadOutcome Problem, byte[]? File)
{
    /// <summary>The status of a refused request: 413 for a file over the limit, 400 otherwise.</summary>
    public int Status => Problem is UploadOutcome.FileTooLarge or UploadOutcome.FieldTooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
}
