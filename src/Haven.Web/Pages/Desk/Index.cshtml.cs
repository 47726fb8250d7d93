using System.Globalization;
using System.Text;
using Haven.Cases;
using Haven.Retention;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk;

/// <summary>
/// The team inbox: the cases this responder holds a key for, filtered, ordered and paged by a plain GET form
/// (works without JavaScript; every view has an address that can be bookmarked), with counts per state and a
/// warning about cases the retention policy is about to delete. Unknown or malformed filter values fall back
/// to the defaults instead of failing.
/// </summary>
[Authorize]
internal sealed class InboxModel(InboxQuery inbox, RetentionWarningQuery warnings, TimeProvider clock) : PageModel
{
    public const string OpenScope = "open";
    public const string AllScope = "all";

    public InboxPage Result { get; private set; } = new([], new Dictionary<CaseState, int>(), 0, 1, 1);

    public RetentionWarning Warning { get; private set; } = new(0, DateOnly.MinValue);

    public InboxFilter Filter { get; private set; } = new();

    public string ResponderName { get; private set; } = "";

    public DateOnly Today { get; private set; }

    public int WarningDays => Warning.Until.DayNumber - Today.DayNumber;

    /// <summary>The value of the <c>state</c> parameter for the current scope.</summary>
    public string ScopeValue => ScopeOf(Filter);

    /// <remarks>
    /// <paramref name="page"/> is read from the query string only: Razor Pages puts the page's own path in the
    /// route value <c>page</c>, which model binding would otherwise prefer, so every page would be the first.
    /// </remarks>
    public async Task OnGetAsync(string? state, string? urgency, bool mine, bool unassigned, bool awaiting, int? idle, bool soon, string? sort, [FromQuery(Name = "page")] int? page, CancellationToken cancellationToken)
    {
        var responder = DeskAuthentication.Current(HttpContext);
        ResponderName = responder.Name;
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Filter = Parse(state, urgency, mine, unassigned, awaiting, idle, soon, sort, page);
        Result = await inbox.ExecuteAsync(responder.Id, Filter, Today, cancellationToken);
        Warning = await warnings.ExecuteAsync(responder.Id, Today, cancellationToken);
    }

    public static InboxFilter Parse(string? state, string? urgency, bool mine, bool unassigned, bool awaiting, int? idle, bool soon, string? sort, int? page)
    {
        var filter = new InboxFilter(Mine: mine, Unassigned: unassigned, AwaitingReply: awaiting, PurgeSoon: soon, Page: Math.Max(1, page ?? 1));
        if (string.Equals(state, AllScope, StringComparison.OrdinalIgnoreCase))
        {
            filter = filter with { Scope = InboxScope.All };
        }
        else if (TryParseName<CaseState>(state, out var one))
        {
            filter = filter with { Scope = InboxScope.One, State = one };
        }

        if (TryParseName<Urgency>(urgency, out var level))
        {
            filter = filter with { Urgency = level };
        }

        if (idle is >= 1 and <= InboxQuery.MaxIdleDays)
        {
            filter = filter with { IdleDays = idle };
        }

        if (TryParseName<InboxSort>(sort, out var order))
        {
            filter = filter with { Sort = order };
        }

        return filter;
    }

    /// <summary>The address of this inbox view with some values changed; defaults are left out.</summary>
    public string Link(string? scope = null, int? page = null)
    {
        var query = new StringBuilder(Url.Page("/Desk/Index")).Append("?state=").Append(scope ?? ScopeValue);
        if (Filter.Urgency is { } urgency)
        {
            query.Append("&urgency=").Append(Lower(urgency));
        }

        Flag(query, "mine", Filter.Mine);
        Flag(query, "unassigned", Filter.Unassigned);
        Flag(query, "awaiting", Filter.AwaitingReply);
        Flag(query, "soon", Filter.PurgeSoon);
        if (Filter.IdleDays is { } idle)
        {
            query.Append("&idle=").Append(idle.ToString(CultureInfo.InvariantCulture));
        }

        if (Filter.Sort != InboxSort.Urgency)
        {
            query.Append("&sort=").Append(Lower(Filter.Sort));
        }

        if (page is > 1)
        {
            query.Append("&page=").Append(page.Value.ToString(CultureInfo.InvariantCulture));
        }

        return query.ToString();
    }

    /// <summary>The pages to link around the current one: first, last and two either side; 0 marks a gap.</summary>
    public IReadOnlyList<int> PageLinks() => Desk.PageLinks.Around(Result.Page, Result.Pages);

    public static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    public static string ScopeOf(InboxFilter filter) => filter.Scope switch
    {
        InboxScope.All => AllScope,
        InboxScope.One => Lower(filter.State!.Value),
        _ => OpenScope,
    };

    public static string SortKey(InboxSort sort) => sort switch
    {
        InboxSort.Activity => "Inbox_SortActivity",
        InboxSort.Opened => "Inbox_SortOpened",
        _ => "Inbox_SortUrgency",
    };

    private static void Flag(StringBuilder query, string name, bool on)
    {
        if (on)
        {
            query.Append('&').Append(name).Append("=true");
        }
    }

    /// <summary>Parses an enum by name only (never by number), ignoring case: inbox addresses are typed by hand.</summary>
    private static bool TryParseName<T>(string? text, out T value)
        where T : struct, Enum => Haven.Text.EnumNames.TryParse(text, out value, ignoreCase: true);
}
