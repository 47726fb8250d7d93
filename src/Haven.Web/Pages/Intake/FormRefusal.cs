using Haven.Web.Files;

namespace Haven.Web.Pages.Intake;

/// <summary>
/// How a message form answers what it refused, the same way on every page: the error, a request to choose
/// the files again when the form carried some (they were not kept), the status and, on a 429, 503 or 507,
/// when to try again. What was typed is left in the page model, so that the page shows it back.
/// </summary>
internal static class FormRefusal
{
    /// <summary>The error shown next to any other when files that came with a refused form were not kept.</summary>
    public const string FilesAgain = "Error_FilesAgain";

    /// <summary>Adds <paramref name="errorKey"/> and, when the form carried files, <see cref="FilesAgain"/>; each at most once.</summary>
    public static void AddErrors(List<string> errors, string? errorKey, int filesOffered)
    {
        if (errorKey is not null && !errors.Contains(errorKey))
        {
            errors.Add(errorKey);
        }

        if (filesOffered > 0 && !errors.Contains(FilesAgain))
        {
            errors.Add(FilesAgain);
        }
    }

    /// <summary>Refuses a form that was read whole: the error, files again, <paramref name="status"/> and Retry-After.</summary>
    public static void Refuse(HttpResponse response, List<string> errors, string errorKey, int status, int filesOffered)
    {
        AddErrors(errors, errorKey, filesOffered);
        response.StatusCode = status;
        IntakeText.RetryLater(response);
    }

    /// <summary>
    /// Refuses a form the reader could not take (<see cref="StreamingForm.Problem"/>): its error, its status and
    /// Retry-After. Each of these errors says itself what to do with the files, so they are not asked for again.
    /// </summary>
    public static void RefuseUpload(HttpResponse response, List<string> errors, StreamingForm form)
    {
        errors.Add(IntakeText.UploadProblemKey(form.Problem));
        response.StatusCode = form.Status;
        IntakeText.RetryLater(response);
    }
}
