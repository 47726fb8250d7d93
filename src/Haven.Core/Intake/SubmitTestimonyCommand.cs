using System.Globalization;
using Haven.Cases;
using Haven.Crypto;
using Haven.Record.Vocabulary;
using Microsoft.Extensions.Options;

namespace Haven.Intake;

/// <summary>
/// A testimony from the guided form: checks every answer against the instance's lists and gazetteer (a key
/// that is not on its list, or retired, is refused), then stores it as a <c>testimony</c> record. A person
/// without a case yet gets their case with it, as with a first request (<see cref="SubmitRequestCommand"/>:
/// the new-case throttle, one case per receipt); a person with a case adds it to their case like a message
/// (<see cref="MessageWriter"/>: the per-case throttle, group commit). A repeated submit stores nothing twice.
/// </summary>
internal sealed class SubmitTestimonyCommand(RecordVocabulary vocabulary, SubmitRequestCommand submit, MessageWriter writer, IOptions<IntakeOptions> options, TimeProvider clock)
{
    /// <summary>The most people a testimony can count; more is not a count a person makes.</summary>
    public const int MaxPeople = 100_000;

    /// <summary>The earliest year the form takes.</summary>
    public const int MinYear = 1900;

    /// <summary>More chosen answers than any list could hold is not a form a browser sent.</summary>
    private const int MaxChoices = 200;

    /// <summary>
    /// Checks the form and stores the testimony: on the person's case when <paramref name="caseId"/> is given,
    /// otherwise on a new case. Returns the case id, or the problem that stopped it (then nothing is stored).
    /// </summary>
    /// <param name="keys">The person's receipt keys.</param>
    /// <param name="caseId">The person's case, or null for a person who has not written before.</param>
    /// <param name="input">The form as filled in.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <param name="files">Files already received into pending blobs; made final only if the testimony is stored.</param>
    public async Task<(string? CaseId, IntakeOutcome Problem)> ExecuteAsync(ReceiptKeys keys, string? caseId, TestimonyInput input, CancellationToken cancellationToken, Files.FileBatch? files = null)
    {
        var (testimony, problem) = await CheckAsync(input, files?.Count ?? 0, cancellationToken);
        if (testimony is null)
        {
            return (null, problem);
        }

        var text = input.Text ?? "";
        if (caseId is null)
        {
            // A testimony is not a call for help: the case starts as one that can wait weeks (the request form is the way to say it cannot).
            return await submit.ExecuteAsync(keys, new RequestInput(input.RecordId, [], Urgency.Weeks, text, null, testimony), cancellationToken, files);
        }

        var stored = await writer.WriteAsync(caseId, input.RecordId, text, testimony, files, cancellationToken);
        return stored == IntakeOutcome.None ? (caseId, stored) : (null, stored);
    }

    /// <summary>Checks the form into the answers to store, or the first problem found.</summary>
    public async Task<(Testimony? Testimony, IntakeOutcome Problem)> CheckAsync(TestimonyInput input, int fileCount, CancellationToken cancellationToken)
    {
        if (!CaseRecords.IsValidId(input.RecordId))
        {
            return (null, IntakeOutcome.FormExpired);
        }

        if (input.Text is not null && input.Text.Length > options.Value.MaxTextLength)
        {
            return (null, IntakeOutcome.TextTooLong);
        }

        var acts = Distinct(input.Acts);
        var perpetrators = Distinct(input.Perpetrators);
        var toWhom = Distinct(input.ToWhom);
        if (acts is { Count: > MaxChoices } || perpetrators is { Count: > MaxChoices } || toWhom?.Any(w => !Testimony.ToWhomKeys.Contains(w)) == true
            || !await UsableAsync(TermList.ActType, acts, cancellationToken) || !await UsableAsync(TermList.PerpetratorType, perpetrators, cancellationToken))
        {
            return (null, IntakeOutcome.ChoiceInvalid);
        }

        var (date, precision, dateProblem) = Date(input);
        if (dateProblem != IntakeOutcome.None)
        {
            return (null, dateProblem);
        }

        var (region, regionValid) = await RegionAsync(Trimmed(input.Country), Trimmed(input.Region), cancellationToken);
        if (!regionValid)
        {
            return (null, IntakeOutcome.RegionInvalid);
        }

        int? people = null;
        if (Trimmed(input.People) is { } typed)
        {
            if (typed.Length > 9 || !typed.All(char.IsAsciiDigit) || int.Parse(typed, CultureInfo.InvariantCulture) is < 1 or > MaxPeople)
            {
                return (null, IntakeOutcome.PeopleInvalid);
            }

            people = int.Parse(typed, CultureInfo.InvariantCulture);
        }

        var testimony = new Testimony
        {
            Acts = acts,
            Date = date,
            DatePrecision = precision,
            Region = region,
            ToWhom = toWhom is null ? null : [.. Testimony.ToWhomKeys.Where(toWhom.Contains)],
            People = people,
            Perpetrators = perpetrators,
        };
        if (testimony.IsEmpty && string.IsNullOrWhiteSpace(input.Text) && fileCount == 0)
        {
            return (null, IntakeOutcome.TestimonyEmpty);
        }

        return (testimony, IntakeOutcome.None);
    }

    /// <summary>The values chosen, each once, in the order sent; null when none.</summary>
    private static List<string>? Distinct(IReadOnlyList<string> values)
    {
        var distinct = values.Where(v => !string.IsNullOrEmpty(v)).Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 0 ? null : distinct;
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Whether every key is a term of <paramref name="list"/> that is still offered.</summary>
    private async Task<bool> UsableAsync(TermList list, List<string>? keys, CancellationToken cancellationToken)
    {
        if (keys is null)
        {
            return true;
        }

        var usable = (await vocabulary.TermsAsync(list, cancellationToken)).Where(t => !t.Retired).Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        return keys.All(usable.Contains);
    }

    /// <summary>
    /// The place to store: the region when one is chosen (it must lie in the country, when a country is chosen
    /// too), else the country. Both must be in the gazetteer and not retired; nothing chosen is valid.
    /// </summary>
    private async Task<(string? Region, bool Valid)> RegionAsync(string? country, string? region, CancellationToken cancellationToken)
    {
        if (country is null && region is null)
        {
            return (null, true);
        }

        var regions = (await vocabulary.RegionsAsync(cancellationToken)).Where(r => !r.Retired).ToDictionary(r => r.Key, StringComparer.Ordinal);
        if (country is not null && (!regions.TryGetValue(country, out var c) || c.ParentKey is not null))
        {
            return (null, false);
        }

        if (region is null)
        {
            return (country, true);
        }

        // A region's country must be offered too: a region under a retired country is not offered either.
        var valid = regions.TryGetValue(region, out var r) && r.ParentKey is { } parent && regions.ContainsKey(parent) && (country is null || parent == country);
        return valid ? (region, true) : (null, false);
    }

    /// <summary>The date and its precision from the year, month and day fields (each optional) and "I don't know".</summary>
    private (string? Date, string? Precision, IntakeOutcome Problem) Date(TestimonyInput input)
    {
        var year = Trimmed(input.Year);
        var month = Trimmed(input.Month);
        var day = Trimmed(input.Day);
        if (year is null && month is null && day is null)
        {
            return (null, input.DateUnknown ? "unknown" : null, IntakeOutcome.None);
        }

        if (input.DateUnknown)
        {
            return (null, null, IntakeOutcome.DateConflict);
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (!Number(year, 4, out var y) || y < MinYear || y > today.Year
            || (month is not null && (!Number(month, 2, out var m) || m is < 1 or > 12))
            || (day is not null && (month is null || !Number(day, 2, out var d) || d < 1 || d > DateTime.DaysInMonth(y, int.Parse(month, CultureInfo.InvariantCulture)))))
        {
            return (null, null, IntakeOutcome.DateInvalid);
        }

        if (month is null)
        {
            return (y.ToString("D4", CultureInfo.InvariantCulture), "year", IntakeOutcome.None);
        }

        var first = new DateOnly(y, int.Parse(month, CultureInfo.InvariantCulture), 1);
        if (day is null)
        {
            return first > today ? (null, null, IntakeOutcome.DateInvalid) : (first.ToString("yyyy-MM", CultureInfo.InvariantCulture), "month", IntakeOutcome.None);
        }

        var date = first.AddDays(int.Parse(day, CultureInfo.InvariantCulture) - 1);
        // A day ahead of the server's is allowed: the person's day may already be tomorrow's in UTC.
        return date > today.AddDays(1) ? (null, null, IntakeOutcome.DateInvalid) : (date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "day", IntakeOutcome.None);
    }

    /// <summary>A whole number of at most <paramref name="digits"/> ASCII digits.</summary>
    private static bool Number(string? value, int digits, out int number)
    {
        number = 0;
        return value is { Length: > 0 } && value.Length <= digits && value.All(char.IsAsciiDigit) && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }
}
