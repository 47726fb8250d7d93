using System.Globalization;
using System.Text;
using Haven.Accounts;
using Haven.Record.Events;
using Haven.Record.Index;
using Haven.Record.Keys;
using Haven.Record.Vocabulary;
using Haven.Text;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk.Record;

/// <summary>
/// The documentation list (issue 15, point 3): every coded act this responder's documentation keys open, filtered
/// by a plain GET form (act type, country or region, period, perpetrator type, violation status, minimum
/// reliability, corroborated or not), counted (acts, events, victims, people) and paged 50 at a time, each act
/// linking to its event. It reads coding only, never a narrative. Documentation holders see it; an administrator
/// who does not hold the key is told so; everyone else finds nothing (404). A filter value that names nothing
/// (an unknown term or region, a date that is not one, a period that ends before it starts, a page that does
/// not exist) is a 400 with the form as it was typed and what is wrong with it. A session that ends while this
/// page reads with its keys gets the login page, never an error.
/// </summary>
[Authorize]
internal sealed class DocumentationListModel(DocumentationListQuery list, DocumentationKeys documentation, RecordVocabulary vocabulary) : PageModel
{
    /// <summary>The values of the <c>corroborated</c> parameter besides "any" (empty).</summary>
    public const string Yes = "yes";
    public const string No = "no";

    public UnlockedResponder Me => DeskAuthentication.Current(HttpContext);

    /// <summary>What was asked, as typed (to fill the form again and to build paging links).</summary>
    public ListQuery Query { get; private set; } = new();

    /// <summary>The page of acts; null when the filter was refused or the responder holds no documentation key.</summary>
    public DocumentationPage? Result { get; private set; }

    /// <summary>The resx key of what is wrong with the filter; null when it was understood.</summary>
    public string? Error { get; private set; }

    /// <summary>True for an administrator who does not hold the current documentation key (an administrator must grant it).</summary>
    public bool NotHolder { get; private set; }

    public ListText Text { get; private set; } = ListText.Empty;

    public IReadOnlyList<VocabularyTerm> ActTypes { get; private set; } = [];

    public IReadOnlyList<VocabularyTerm> Perpetrators { get; private set; } = [];

    public IReadOnlyList<GazetteerRegion> Regions { get; private set; } = [];

    /// <remarks>
    /// Every value is read as text (and <c>page</c> from the query string only: Razor Pages puts the page's own
    /// path in the route value <c>page</c>), so that a malformed one is a localized 400, not a binding default.
    /// </remarks>
    public async Task<IActionResult> OnGetAsync(string? act, string? region, string? from, string? to, string? perpetrator, string? status, string? reliability, string? corroborated, [FromQuery(Name = "page")] string? page, CancellationToken cancellationToken)
    {
        var me = Me;
        try
        {
            return await ListAsync(me, new ListQuery(act, region, from, to, perpetrator, status, reliability, corroborated, page), cancellationToken);
        }
        catch (Exception e) when (e is DocumentationKeyringClosedException || (e is ObjectDisposedException && me.IsDisposed))
        {
            // The session ended (logout, expiry, deactivation) while this request read with its keys: answered as
            // any request without a session is, with the login page.
            return RedirectToPage("/Desk/Login");
        }
    }

    private async Task<IActionResult> ListAsync(UnlockedResponder me, ListQuery query, CancellationToken cancellationToken)
    {
        if (!DocumentationRoles.CanHold(me.Role))
        {
            return NotFound();
        }

        // An instance set up before Record gets its key from the first administrator who opens it; a grant or a
        // rotation since this session logged in takes effect now.
        var current = me.Role == ResponderRole.Admin
            ? await documentation.EnsureCreatedAsync(me, cancellationToken)
            : await documentation.CurrentAsync(cancellationToken);
        await documentation.RefreshAsync(me, cancellationToken);
        if (current is null || !me.Documentation.TryGet(current.Value.Generation, out _))
        {
            if (me.Role != ResponderRole.Admin)
            {
                return NotFound();
            }

            NotHolder = true;
            return Page();
        }

        var culture = CultureInfo.CurrentUICulture;
        ActTypes = await vocabulary.TermsAsync(TermList.ActType, cancellationToken);
        Perpetrators = await vocabulary.TermsAsync(TermList.PerpetratorType, cancellationToken);
        Regions = await vocabulary.RegionsAsync(cancellationToken);
        Text = await ListText.LoadAsync(vocabulary, culture, cancellationToken);
        Query = query;
        (var filter, Error) = Parse(Query);
        if (filter is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await list.ExecuteAsync(filter, me.Documentation, cancellationToken);
        if (filter.Page > result.PageCount)
        {
            Error = "Record.List.Error.Page";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Result = result;
        return Page();
    }

    /// <summary>The filter <paramref name="query"/> asks for, or the resx key of what is wrong with it.</summary>
    private (DocumentationFilter? Filter, string? Error) Parse(ListQuery query)
    {
        var filter = new DocumentationFilter();
        if (Given(query.Act) is { } act)
        {
            if (!ActTypes.Any(t => t.Key == act))
            {
                return (null, "Record.List.Error.ActType");
            }

            filter = filter with { ActType = act };
        }

        if (Given(query.Region) is { } region)
        {
            if (!Regions.Any(r => r.Key == region))
            {
                return (null, "Record.List.Error.Region");
            }

            filter = filter with { Region = region };
        }

        if (Given(query.From) is { } fromText)
        {
            if (PartialDate.Parse(fromText) is not { } from)
            {
                return (null, "Record.List.Error.Date");
            }

            filter = filter with { From = from.First };
        }

        if (Given(query.To) is { } toText)
        {
            if (PartialDate.Parse(toText) is not { } to)
            {
                return (null, "Record.List.Error.Date");
            }

            filter = filter with { To = to.Last };
        }

        if (filter.From > filter.To)
        {
            return (null, "Record.List.Error.Period");
        }

        if (Given(query.Perpetrator) is { } perpetrator)
        {
            if (!Perpetrators.Any(t => t.Key == perpetrator))
            {
                return (null, "Record.List.Error.Perpetrator");
            }

            filter = filter with { Perpetrator = perpetrator };
        }

        if (Given(query.Status) is { } statusText)
        {
            if (!EnumNames.TryParse<ViolationStatus>(statusText, out var status, ignoreCase: true))
            {
                return (null, "Record.List.Error.Status");
            }

            filter = filter with { Status = status };
        }

        if (Given(query.Reliability) is { } reliabilityText)
        {
            if (!int.TryParse(reliabilityText, NumberStyles.None, CultureInfo.InvariantCulture, out var reliability) || reliability is < Reliability.Min or > Reliability.Max)
            {
                return (null, "Record.List.Error.Reliability");
            }

            filter = filter with { MinReliability = reliability };
        }

        switch (Given(query.Corroborated))
        {
            case null:
                break;
            case Yes:
                filter = filter with { Corroborated = true };
                break;
            case No:
                filter = filter with { Corroborated = false };
                break;
            default:
                return (null, "Record.List.Error.Corroborated");
        }

        if (Given(query.Page) is { } pageText)
        {
            if (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out var page) || page < 1)
            {
                return (null, "Record.List.Error.Page");
            }

            filter = filter with { Page = page };
        }

        return (filter, null);
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The address of this list with the same filters and another page; empty filters are left out.</summary>
    public string Link(int page)
    {
        var link = new StringBuilder(Url.Page("/Desk/Record/Index"));
        var separator = '?';
        foreach (var (name, value) in Query.Parameters().Append(("page", page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null)))
        {
            if (Given(value) is { } given)
            {
                link.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(given));
                separator = '&';
            }
        }

        return link.ToString();
    }

    /// <summary>The pages to link around the current one: first, last and two either side; 0 marks a gap.</summary>
    public IReadOnlyList<int> PageLinks()
    {
        if (Result is not { } result)
        {
            return [];
        }

        return Desk.PageLinks.Around(result.Page, result.PageCount);
    }

    /// <summary>The list's parameters as they arrived.</summary>
    internal sealed record ListQuery(
        string? Act = null,
        string? Region = null,
        string? From = null,
        string? To = null,
        string? Perpetrator = null,
        string? Status = null,
        string? Reliability = null,
        string? Corroborated = null,
        string? Page = null)
    {
        /// <summary>The filter parameters (not the page) by name, in the form's order.</summary>
        public IEnumerable<(string Name, string? Value)> Parameters() =>
        [
            ("act", Act), ("region", Region), ("from", From), ("to", To), ("perpetrator", Perpetrator), ("status", Status),
            ("reliability", Reliability), ("corroborated", Corroborated),
        ];
    }
}
