using Haven.Accounts;
using Haven.Evidence;
using Haven.Evidence.Bundles;
using Haven.Web.Files;
using Microsoft.AspNetCore.Mvc;

namespace Haven.Web.Pages.Desk;

/// <summary>
/// What the two export pages (from a case, from documented events) share: the form checked against what the
/// responder may export (<see cref="EvidenceSelection"/>) into a <see cref="BundleRequest"/>, and the localized error
/// and 4xx of each refusal.
/// </summary>
internal static class EvidenceExport
{
    /// <summary>The request the form asks for, or the error to show with its status.</summary>
    public static (BundleRequest? Request, PageError? Error, int Status) Request(EvidenceSelection selection, EvidenceExportInput input)
    {
        var chosen = input.Files.Where(f => !string.IsNullOrEmpty(f)).ToHashSet(StringComparer.Ordinal);
        if (chosen.Count == 0)
        {
            return (null, new PageError("Evidence.Export.NoFiles"), StatusCodes.Status422UnprocessableEntity);
        }

        var evidentiary = selection.Evidentiary().ToList();
        if (!chosen.IsSubsetOf(evidentiary.Select(f => f.File.Id)))
        {
            return (null, new PageError("Evidence.Export.FilesChanged"), StatusCodes.Status409Conflict);
        }

        var key = string.IsNullOrWhiteSpace(input.PublicKey) ? null : input.PublicKey.Trim();
        var passphrase = string.IsNullOrEmpty(input.Passphrase) ? null : input.Passphrase;
        if (key is not null && passphrase is not null)
        {
            return (null, new PageError("Evidence.Export.BothRecipients"), StatusCodes.Status400BadRequest);
        }

        if (key is null && passphrase is null)
        {
            return (null, new PageError("Evidence.Export.NoRecipient"), StatusCodes.Status400BadRequest);
        }

        if (passphrase is not null && !string.Equals(passphrase, input.PassphraseAgain, StringComparison.Ordinal))
        {
            return (null, new PageError("Evidence.Export.PassphraseMismatch"), StatusCodes.Status400BadRequest);
        }

        var recipient = key is not null ? BundleRecipient.Key(key) : BundleRecipient.WithPassphrase(passphrase!);
        return (selection.RequestFor(chosen, input.WorkingCopies, recipient), null, 0);
    }

    /// <summary>The error and status of a refusal other than <see cref="BundleRefusal.NotFound"/> (a 404 page).</summary>
    public static (PageError Error, int Status) Refused(BundleRefusal refusal, EvidenceOptions options) => refusal switch
    {
        BundleRefusal.NoFiles => (new PageError("Evidence.Export.NoFiles"), StatusCodes.Status422UnprocessableEntity),
        BundleRefusal.TooManyFiles => (new PageError("Evidence.Export.TooManyFiles", options.MaxExportFiles), StatusCodes.Status413PayloadTooLarge),
        BundleRefusal.RecipientKeyUnreadable => (new PageError("Evidence.Export.KeyUnreadable"), StatusCodes.Status422UnprocessableEntity),
        BundleRefusal.RecipientKeyCannotEncrypt => (new PageError("Evidence.Export.KeyCannotEncrypt"), StatusCodes.Status422UnprocessableEntity),
        BundleRefusal.PassphraseTooShort => (new PageError("Evidence.Export.PassphraseTooShort", options.MinExportPassphraseLength), StatusCodes.Status422UnprocessableEntity),
        BundleRefusal.NoRecipient => (new PageError("Evidence.Export.NoRecipient"), StatusCodes.Status400BadRequest),
        _ => (new PageError("Error_FormExpired"), StatusCodes.Status400BadRequest),
    };

    /// <summary>
    /// The form sent from either page: the bundle streaming as a download once its custody entries are written; a
    /// 404 when a file is not the responder's to export; otherwise what <paramref name="refuse"/> makes of the
    /// localized error and its 4xx (the form shown again), or of "busy" and a 503 when <paramref name="gate"/> had no
    /// free slot in time (nothing prepared, nothing recorded).
    /// </summary>
    public static async Task<IActionResult> ExportAsync(
        BuildBundleCommand builder,
        BundleExportGate gate,
        EvidenceSelection selection,
        EvidenceExportInput input,
        UnlockedResponder responder,
        EvidenceOptions options,
        Func<PageError, int, IActionResult> refuse,
        CancellationToken cancellationToken)
    {
        var (request, error, status) = Request(selection, input);
        if (request is null)
        {
            return refuse(error!, status);
        }

        var slot = await gate.TryEnterAsync(cancellationToken);
        if (slot is null)
        {
            return refuse(new PageError("Evidence.Export.Busy", options.ExportWaitSeconds), StatusCodes.Status503ServiceUnavailable);
        }

        BundlePreparation prepared;
        try
        {
            prepared = await builder.PrepareAsync(request, responder, cancellationToken);
        }
        catch
        {
            slot.Dispose();
            throw;
        }

        if (prepared.Refusal is not { } refusal)
        {
            // The download gives the slot back when the bundle is written, cut short or abandoned.
            return new BundleDownloadResult(builder, prepared.Plan!, slot);
        }

        slot.Dispose();

        if (refusal == BundleRefusal.NotFound)
        {
            return new NotFoundResult();
        }

        var (refused, refusedStatus) = Refused(refusal, options);
        return refuse(refused, refusedStatus);
    }
}
