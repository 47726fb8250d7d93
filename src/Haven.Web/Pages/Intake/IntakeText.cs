using Haven.Cases;
using Haven.Intake;

namespace Haven.Web.Pages.Intake;

/// <summary>Maps intake outcomes to resource keys, and form values to domain values.</summary>
internal static class IntakeText
{
    public static string ProblemKey(IntakeOutcome problem) => problem switch
    {
        IntakeOutcome.TextMissing => "Error_TextMissing",
        IntakeOutcome.TextTooLong => "Error_TextTooLong",
        IntakeOutcome.ContactTooLong => "Error_ContactTooLong",
        IntakeOutcome.HelpInvalid => "Error_HelpInvalid",
        IntakeOutcome.UrgencyInvalid => "Error_UrgencyInvalid",
        IntakeOutcome.FormExpired => "Error_FormExpired",
        IntakeOutcome.Throttled => "Error_SubmissionsThrottled",
        IntakeOutcome.TestimonyEmpty => "Intake.Testimony.Error.Empty",
        IntakeOutcome.ChoiceInvalid => "Intake.Testimony.Error.Choice",
        IntakeOutcome.RegionInvalid => "Intake.Testimony.Error.Region",
        IntakeOutcome.DateInvalid => "Intake.Testimony.Error.Date",
        IntakeOutcome.DateConflict => "Intake.Testimony.Error.DateConflict",
        IntakeOutcome.PeopleInvalid => "Intake.Testimony.Error.People",
        _ => "Error_Generic",
    };

    /// <summary>The status for a refused submission: 429 when the instance is throttling, otherwise 400.</summary>
    public static int ProblemStatus(IntakeOutcome problem) =>
        problem == IntakeOutcome.Throttled ? StatusCodes.Status429TooManyRequests : StatusCodes.Status400BadRequest;

    /// <summary>On a 429, 503 or 507, tells the browser when trying again makes sense.</summary>
    public static void RetryLater(HttpResponse response)
    {
        if (response.StatusCode is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable or StatusCodes.Status507InsufficientStorage)
        {
            response.Headers.RetryAfter = "60";
        }
    }

    /// <summary>A 429 for a receipt or a login the throttles refused: Retry-After in whole seconds (at least 1), which it returns.</summary>
    public static long RetryAfter(HttpResponse response, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return seconds;
    }

    public static string UploadProblemKey(Files.UploadOutcome problem) => problem switch
    {
        Files.UploadOutcome.FileTooLarge => "Error_FileTooLarge",
        Files.UploadOutcome.TooManyFiles => "Error_TooManyFiles",
        Files.UploadOutcome.QuotaExceeded => "Error_QuotaExceeded",
        Files.UploadOutcome.OutOfSpace => "Error_OutOfSpace",
        Files.UploadOutcome.StorageUnavailable => Hosting.StorageOutageFilter.ErrorKey,
        Files.UploadOutcome.FieldTooLarge => "Error_FormTooLarge",
        Files.UploadOutcome.FormExpired => "Error_FormExpired",
        _ => "Error_UploadMalformed",
    };

    /// <summary>
    /// An error of the message forms in the page's language, in the form its count needs: the number of files
    /// for <c>Error_TooManyFiles</c>, the longest text otherwise (<c>{0}</c> the text limit, <c>{1}</c> the
    /// largest file, <c>{2}</c> the most files).
    /// </summary>
    public static Microsoft.Extensions.Localization.LocalizedString Error(Microsoft.Extensions.Localization.IStringLocalizer t, string key, int maxTextLength, Haven.Files.AttachmentOptions files) =>
        Localization.Plural.Of(t, key, key == "Error_TooManyFiles" ? files.MaxFilesPerMessage : maxTextLength, maxTextLength, Size(t, files.MaxFileBytes), files.MaxFilesPerMessage);

    /// <summary>A byte count for people: "2 GiB", "750 MiB", in the page's language.</summary>
    public static string Size(Microsoft.Extensions.Localization.IStringLocalizer t, long bytes) => bytes switch
    {
        >= 1L << 30 => t["Size_GiB", (bytes / (double)(1L << 30)).ToString("0.#", System.Globalization.CultureInfo.CurrentCulture)],
        >= 1L << 20 => t["Size_MiB", (bytes / (double)(1L << 20)).ToString("0.#", System.Globalization.CultureInfo.CurrentCulture)],
        >= 1L << 10 => t["Size_KiB", (bytes / (double)(1L << 10)).ToString("0.#", System.Globalization.CultureInfo.CurrentCulture)],
        _ => t["Size_B", bytes],
    };

    public static Urgency? ParseUrgency(string? value) => value switch
    {
        "now" => Urgency.Now,
        "days" => Urgency.Days,
        "weeks" => Urgency.Weeks,
        _ => null,
    };
}
