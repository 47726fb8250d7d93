using System.Globalization;
using Haven.Record.Vocabulary;
using Haven.Text;
using Haven.Web.Desk;
using Haven.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk.Record;

/// <summary>
/// Record's controlled lists (issue 15): every list with its terms in order, each with its labels in the desk's
/// languages; administrators add a term, rename it, retire or restore it and move it up or down, each change
/// audited by the term's key. Retired terms stay listed: they are still shown where coding uses them. Everyone
/// else finds nothing here (404). A refused change is a 400 with the page again and what was typed.
/// </summary>
[Authorize(Roles = "Admin")]
internal sealed class ListsModel(RecordVocabulary vocabulary, AddTermCommand add, RenameTermCommand rename, RetireTermCommand retire, MoveTermCommand move, ExportVocabularyQuery export) : PageModel
{
    /// <summary>The languages a label is asked in: the desk's.</summary>
    public static IReadOnlyList<CultureInfo> Languages => HavenApp.Cultures;

    public static IReadOnlyList<TermList> AllLists { get; } = Enum.GetValues<TermList>();

    public IReadOnlyDictionary<TermList, IReadOnlyList<VocabularyTerm>> Terms { get; private set; } = new Dictionary<TermList, IReadOnlyList<VocabularyTerm>>();

    public string? Notice { get; private set; }

    public string? Error { get; private set; }

    /// <summary>Where a refused change was typed: the list, the term (null for a new one) and the labels.</summary>
    public (TermList List, string? Key, IReadOnlyDictionary<string, string?> Labels)? Typed { get; private set; }

    /// <summary>The id of a list's section, e.g. <c>list-act-type</c>.</summary>
    public static string Id(TermList list) => "list-" + string.Concat(list.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>The value of a label input: what was typed if that form was refused, otherwise the term's label (empty for a new term).</summary>
    public string Value(TermList list, VocabularyTerm? term, CultureInfo language) =>
        Typed is { } typed && typed.List == list && typed.Key == term?.Key
            ? typed.Labels.GetValueOrDefault(language.Name) ?? ""
            : term?.Labels.GetValueOrDefault(language.Name) ?? "";

    public bool ErrorIn(TermList list, string? key) => Typed is { } typed && typed.List == list && typed.Key == key;

    public async Task OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        Notice = done switch
        {
            "added" => "Record.Lists.Added",
            "renamed" => "Record.Lists.Renamed",
            "retired" => "Record.Lists.RetiredDone",
            "restored" => "Record.Lists.RestoredDone",
            "moved" => "Record.Lists.Moved",
            "unchanged" => "Record.Lists.Unchanged",
            _ => null,
        };
        await LoadAsync(cancellationToken);
    }

    /// <summary>Downloads the lists and the gazetteer: <c>vocabulary.json</c>, <c>terms.csv</c> or <c>gazetteer.csv</c>.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? file, CancellationToken cancellationToken)
    {
        var stream = new MemoryStream();
        switch (file)
        {
            case ExportVocabularyQuery.JsonFile:
                await export.WriteJsonAsync(stream, cancellationToken);
                break;
            case ExportVocabularyQuery.TermsFile:
                await export.WriteTermsCsvAsync(stream, cancellationToken);
                break;
            case ExportVocabularyQuery.GazetteerFile:
                await export.WriteGazetteerCsvAsync(stream, cancellationToken);
                break;
            default:
                return NotFound();
        }

        stream.Position = 0;
        return File(stream, file.EndsWith(".json", StringComparison.Ordinal) ? "application/json; charset=utf-8" : "text/csv; charset=utf-8", file);
    }

    public async Task<IActionResult> OnPostAddAsync(string? list, Dictionary<string, string?>? labels, CancellationToken cancellationToken)
    {
        if (!EnumNames.TryParse<TermList>(list, out var parsed))
        {
            return await FailAsync("Record.Lists.Error.Unknown", null, cancellationToken);
        }

        var given = Given(labels);
        var change = await add.ExecuteAsync(parsed, given, DeskAuthentication.Current(HttpContext), cancellationToken);
        return await OutcomeAsync(change.Problem, "added", (parsed, null, given), cancellationToken);
    }

    public async Task<IActionResult> OnPostRenameAsync(string? list, string? key, Dictionary<string, string?>? labels, CancellationToken cancellationToken)
    {
        if (!EnumNames.TryParse<TermList>(list, out var parsed) || !VocabularyRules.IsTermKey(key))
        {
            return await FailAsync("Record.Lists.Error.Unknown", null, cancellationToken);
        }

        var given = Given(labels);
        var outcome = await rename.ExecuteAsync(parsed, key!, given, DeskAuthentication.Current(HttpContext), cancellationToken);
        return await OutcomeAsync(outcome, "renamed", (parsed, key, given), cancellationToken);
    }

    public async Task<IActionResult> OnPostRetireAsync(string? list, string? key, bool retired, CancellationToken cancellationToken)
    {
        if (!EnumNames.TryParse<TermList>(list, out var parsed) || !VocabularyRules.IsTermKey(key))
        {
            return await FailAsync("Record.Lists.Error.Unknown", null, cancellationToken);
        }

        var outcome = await retire.ExecuteAsync(parsed, key!, retired, DeskAuthentication.Current(HttpContext), cancellationToken);
        return await OutcomeAsync(outcome, retired ? "retired" : "restored", null, cancellationToken);
    }

    public async Task<IActionResult> OnPostMoveAsync(string? list, string? key, string? direction, CancellationToken cancellationToken)
    {
        if (!EnumNames.TryParse<TermList>(list, out var parsed) || !VocabularyRules.IsTermKey(key) || direction is not ("up" or "down"))
        {
            return await FailAsync("Record.Lists.Error.Unknown", null, cancellationToken);
        }

        var outcome = await move.ExecuteAsync(parsed, key!, direction == "up", DeskAuthentication.Current(HttpContext), cancellationToken);
        return await OutcomeAsync(outcome, "moved", null, cancellationToken);
    }

    /// <summary>The labels posted for the desk's languages only; any other field is ignored.</summary>
    private static Dictionary<string, string?> Given(Dictionary<string, string?>? labels) =>
        Languages.ToDictionary(c => c.Name, c => labels?.GetValueOrDefault(c.Name), StringComparer.Ordinal);

    private async Task<IActionResult> OutcomeAsync(VocabularyOutcome outcome, string done, (TermList, string?, IReadOnlyDictionary<string, string?>)? typed, CancellationToken cancellationToken) => outcome switch
    {
        VocabularyOutcome.None => RedirectToPage("/Desk/Record/Lists", null, new { done }, typed is { } t ? Id(t.Item1) : null),
        VocabularyOutcome.Unchanged => RedirectToPage("/Desk/Record/Lists", new { done = "unchanged" }),
        VocabularyOutcome.NotAllowed => NotFound(),
        VocabularyOutcome.MissingEnglishLabel => await FailAsync("Record.Lists.Error.English", typed, cancellationToken),
        VocabularyOutcome.InvalidLabel => await FailAsync("Record.Lists.Error.Label", typed, cancellationToken),
        _ => await FailAsync("Record.Lists.Error.Unknown", null, cancellationToken),
    };

    /// <summary>The page again with a 400, the error and what was typed.</summary>
    private async Task<IActionResult> FailAsync(string error, (TermList, string?, IReadOnlyDictionary<string, string?>)? typed, CancellationToken cancellationToken)
    {
        (Error, Typed) = (error, typed);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var terms = new Dictionary<TermList, IReadOnlyList<VocabularyTerm>>();
        foreach (var list in AllLists)
        {
            terms[list] = await vocabulary.TermsAsync(list, cancellationToken);
        }

        Terms = terms;
    }
}
