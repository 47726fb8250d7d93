using Haven.Files;

namespace Haven.Web.Files;

/// <summary>
/// Marks a page whose POST is a multipart form with files, read by <see cref="StreamingForm"/> instead of
/// the framework's form binding (which would buffer large files to a temporary file on disk, in plaintext).
/// Such a page opts out of the automatic antiforgery filter because the filter would read the form first;
/// <see cref="StreamingForm"/> checks the token itself before a single byte of a file is stored. Its body
/// limit is raised to <see cref="AttachmentOptions.MaxUploadBytes"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class StreamedUploadAttribute : Attribute;
