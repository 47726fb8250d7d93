using Haven.Accounts;

namespace Haven.Files;

/// <summary>
/// Makes a cleaned working copy (<see cref="WorkingCopyKinds.Cleaned"/>) of an evidentiary copy: the file as received,
/// with its metadata removed by <see cref="MetadataCleaner"/>, kept beside it through <see cref="WorkingCopyMaker"/>
/// (audited as <c>file.cleaned</c>, subject the new copy). Cleaned copies are made of evidentiary copies only.
/// </summary>
internal sealed class CleanCopyCommand(WorkingCopyMaker maker)
{
    public CleanCopyOptions Options => maker.Options;

    /// <summary>
    /// Makes the cleaned copy of <paramref name="fileId"/>, or returns the one a repeated form already made. Refuses a
    /// malformed id or a file the responder cannot open (NotFound), a working copy (IsCopy), an expired form, a file
    /// over <see cref="CleanCopyOptions.MaxBytes"/> and a kind of file the cleaner does not know.
    /// </summary>
    /// <param name="caseId">The case.</param>
    /// <param name="fileId">The evidentiary copy to make a cleaned copy of.</param>
    /// <param name="recordId">The form's record id (a double submit makes one copy).</param>
    /// <param name="responder">Who asks; must hold the case key.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<WorkingCopyResult> ExecuteAsync(string caseId, string fileId, string recordId, UnlockedResponder responder, CancellationToken cancellationToken) =>
        maker.MakeAsync(caseId, fileId, recordId, WorkingCopyKinds.Cleaned, evidentiaryOnly: true, Clean, responder, cancellationToken);

    private (WorkingCopyOutcome, CleanedFile?) Clean(byte[] plaintext)
    {
        var limits = maker.Options;
        var problem = MetadataCleaner.TryClean(plaintext, checked(limits.MaxBytes * limits.MaxExpansion), out var cleaned);
        return (problem switch
        {
            CleanOutcome.None => WorkingCopyOutcome.Made,
            CleanOutcome.NotSupported => WorkingCopyOutcome.NotSupported,
            CleanOutcome.TooLarge => WorkingCopyOutcome.TooLarge,
            _ => WorkingCopyOutcome.Unreadable,
        }, cleaned);
    }
}
