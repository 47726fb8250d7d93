using Haven.Cases;
using Microsoft.Extensions.Localization;

namespace Haven.Web.Pages.Desk;

/// <summary>Small formatting helpers for desk pages.</summary>
internal static class DeskText
{
    /// <summary>A coarse age: "today" or a number of days. Dates are kept to the day on purpose.</summary>
    public static string Age(IStringLocalizer t, DateOnly on, DateOnly today)
    {
        var days = today.DayNumber - on.DayNumber;
        return days <= 0 ? t["Age_Today"] : t["Age_Days", days];
    }

    public static string ShortId(string id) => id[..8];

    public static string UrgencyKey(Urgency urgency) => "Urgency_" + urgency;

    public static string StateKey(CaseState state) => "State_" + state;
}
