using System.Globalization;
using Haven.Record;
using Haven.Record.Vocabulary;
using Haven.Web.Desk;
using Haven.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Haven.Web.Pages.Desk.Record;

/// <summary>
/// The instance's gazetteer (issue 15): countries and their regions, with their labels; administrators add or
/// change one (code, country, labels), retire or restore it, and import a CSV file (<see cref="GazetteerImportModel"/>).
/// Everyone else finds nothing here (404). A refused change is a 400 with the page again and what was typed.
/// </summary>
[Authorize(Roles = "Admin")]
internal sealed class GazetteerModel(RecordVocabulary vocabulary, SetRegionCommand set, RetireRegionCommand retire, IOptions<RecordOptions> options) : PageModel
{
    /// <summary>The languages a label is asked in: the desk's.</summary>
    public static IReadOnlyList<CultureInfo> Languages => HavenApp.Cultures;

    public IReadOnlyList<GazetteerRegion> Regions { get; private set; } = [];

    public RecordOptions Options => options.Value;

    public string? Notice { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The result of an import, for the notice: added, changed, unchanged.</summary>
    public (int Added, int Changed, int Unchanged)? Imported { get; private set; }

    /// <summary>What the region form shows: what was typed after a refusal, the region asked for with <c>?edit=</c>, or nothing.</summary>
    public (string Code, string? Parent, IReadOnlyDictionary<string, string?> Labels) Form { get; private set; } = ("", null, new Dictionary<string, string?>());

    /// <summary>The countries, for the parent list.</summary>
    public IEnumerable<GazetteerRegion> Countries => Regions.Where(r => r.ParentKey is null);

    public async Task OnGetAsync(string? done, string? edit, int? added, int? changed, int? unchanged, CancellationToken cancellationToken)
    {
        Notice = done switch
        {
            "saved" => "Record.Gazetteer.Saved",
            "retired" => "Record.Gazetteer.RetiredDone",
            "restored" => "Record.Gazetteer.RestoredDone",
            "unchanged" => "Record.Gazetteer.Unchanged",
            "imported" => "Record.Gazetteer.ImportedDone",
            _ => null,
        };
        if (done == "imported")
        {
            Imported = (added ?? 0, changed ?? 0, unchanged ?? 0);
        }

        await LoadAsync(cancellationToken);
        if (edit is not null && await vocabulary.RegionAsync(edit, cancellationToken) is { } region)
        {
            Form = (region.Key, region.ParentKey, region.Labels.ToDictionary(l => l.Key, l => (string?)l.Value));
        }
    }

    public async Task<IActionResult> OnPostSaveAsync(string? code, string? parent, Dictionary<string, string?>? labels, CancellationToken cancellationToken)
    {
        code = code?.Trim() ?? "";
        parent = string.IsNullOrWhiteSpace(parent) ? null : parent.Trim();
        var given = Languages.ToDictionary(c => c.Name, c => labels?.GetValueOrDefault(c.Name), StringComparer.Ordinal);
        var outcome = await set.ExecuteAsync(code, parent, given, DeskAuthentication.Current(HttpContext), cancellationToken);
        return outcome switch
        {
            VocabularyOutcome.None => RedirectToPage("/Desk/Record/Gazetteer", new { done = "saved" }),
            VocabularyOutcome.Unchanged => RedirectToPage("/Desk/Record/Gazetteer", new { done = "unchanged" }),
            VocabularyOutcome.NotAllowed => NotFound(),
            _ => await FailAsync("Record.Gazetteer.Error." + outcome, (code, parent, given), cancellationToken),
        };
    }

    public async Task<IActionResult> OnPostRetireAsync(string? code, bool retired, CancellationToken cancellationToken)
    {
        var outcome = await retire.ExecuteAsync(code ?? "", retired, DeskAuthentication.Current(HttpContext), cancellationToken);
        return outcome switch
        {
            VocabularyOutcome.None => RedirectToPage("/Desk/Record/Gazetteer", new { done = retired ? "retired" : "restored" }),
            VocabularyOutcome.Unchanged => RedirectToPage("/Desk/Record/Gazetteer", new { done = "unchanged" }),
            VocabularyOutcome.NotAllowed => NotFound(),
            _ => await FailAsync("Record.Gazetteer.Error.UnknownRegion", null, cancellationToken),
        };
    }

    /// <summary>The country of a region, as the table shows it.</summary>
    public GazetteerRegion? Parent(GazetteerRegion region) => region.ParentKey is null ? null : Regions.FirstOrDefault(r => r.Key == region.ParentKey);

    private async Task<IActionResult> FailAsync(string error, (string, string?, IReadOnlyDictionary<string, string?>)? typed, CancellationToken cancellationToken)
    {
        Error = error;
        if (typed is { } form)
        {
            Form = form;
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) => Regions = await vocabulary.RegionsAsync(cancellationToken);
}
