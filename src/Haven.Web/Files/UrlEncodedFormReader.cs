namespace Haven.Web.Files;

/// <summary>
/// Reads a url-encoded form (no files): small, so the framework reads it into memory, within the site-wide
/// body limit and the framework's limits on values and keys.
/// </summary>
internal static class UrlEncodedFormReader
{
    /// <summary>Most bytes of a url-encoded form: the site-wide body limit.</summary>
    internal const int MaxBytes = 2 * 1024 * 1024;

    /// <summary>
    /// The form's fields, or <see cref="UploadOutcome.FieldTooLarge"/> with none for a form that says it is over
    /// <see cref="MaxBytes"/> (refused before a byte is read) or that is over the framework's form limits.
    /// </summary>
    public static async Task<(UploadOutcome Problem, IFormCollection Fields)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (UploadOutcome.FieldTooLarge, FormCollection.Empty);
        }

        try
        {
            return (UploadOutcome.None, await request.ReadFormAsync(cancellationToken));
        }
        catch (InvalidDataException)
        {
            // A value or a key count over the framework's form limits.
            return (UploadOutcome.FieldTooLarge, FormCollection.Empty);
        }
    }
}
