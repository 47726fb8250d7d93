using Haven.Accounts;

namespace Haven.Files;

/// <summary>
/// Makes a redacted working copy (<see cref="WorkingCopyKinds.Redacted"/>) of an image: rectangles blacked out on its
/// decoded pixels, everything else of the file (metadata, thumbnails) left behind (<see cref="ImageRedactor"/>), kept
/// beside the file it was made from through <see cref="WorkingCopyMaker"/> (audited as <c>file.redacted</c>, subject
/// the new copy). It may be made of the evidentiary copy or of any working copy, a redacted one included (to black
/// out more): the chain of <c>original</c> links always leads back to the evidentiary copy, which is never touched.
/// </summary>
internal sealed class RedactCopyCommand(WorkingCopyMaker maker)
{
    public CleanCopyOptions Options => maker.Options;

    /// <summary>
    /// Makes the redacted copy of <paramref name="fileId"/>, or returns the one a repeated form already made. Refuses a
    /// malformed id or a file the responder cannot open (NotFound), a redaction without rectangles or with too many
    /// (checked before the file is read), an expired form, a file over <see cref="CleanCopyOptions.MaxBytes"/>, a file
    /// that is not an image and rectangles not wholly inside the image.
    /// </summary>
    /// <param name="caseId">The case.</param>
    /// <param name="fileId">The file to make a redacted copy of.</param>
    /// <param name="recordId">The form's record id (a double submit makes one copy).</param>
    /// <param name="redaction">What to black out.</param>
    /// <param name="responder">Who asks; must hold the case key.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<WorkingCopyResult> ExecuteAsync(string caseId, string fileId, string recordId, Redaction redaction, UnlockedResponder responder, CancellationToken cancellationToken) =>
        redaction.Problem() is { } problem
            ? new(problem)
            : await maker.MakeAsync(caseId, fileId, recordId, WorkingCopyKinds.Redacted, evidentiaryOnly: false, plaintext => ImageRedactor.TryRedact(plaintext, redaction), responder, cancellationToken);

    /// <summary>The image's upright size and a small preview for the redaction form, made in memory for this page only; null when it is not an image that can be read here.</summary>
    public Task<ImagePreview?> PreviewAsync(string caseId, string fileId, UnlockedResponder responder, CancellationToken cancellationToken) =>
        maker.ReadAsync(caseId, fileId, responder, ImageRedactor.IsImage, ImageRedactor.Preview, cancellationToken);
}
