using System.Linq.Expressions;
using Haven.Cases;
using Microsoft.Extensions.Options;

namespace Haven.Retention;

/// <summary>
/// When a case is deleted for good: the earlier of <see cref="RetentionOptions.ClosedDays"/> after it became
/// Safe or Closed, and <see cref="RetentionOptions.InactiveDays"/> after its last message or reply. One
/// place for the rule, so that the purge, the desk's warnings and the CLI agree to the day.
/// </summary>
/// <remarks>
/// A final case without <see cref="Case.ClosedOn"/> (closed before the workflow recorded that day) counts
/// from its last activity instead. Dates are whole UTC days, like everything the server keeps.
/// </remarks>
internal sealed class RetentionPolicy(IOptions<RetentionOptions> options)
{
    public RetentionOptions Options => options.Value;

    public static bool IsFinal(CaseState state) => state is CaseState.Safe or CaseState.Closed;

    /// <summary>The day the case is purged (it may already have passed if no purge has run since).</summary>
    public DateOnly PurgeOn(CaseState state, DateOnly? closedOn, DateOnly lastActivityOn)
    {
        var inactive = lastActivityOn.AddDays(Options.InactiveDays);
        if (!IsFinal(state))
        {
            return inactive;
        }

        var closed = (closedOn ?? lastActivityOn).AddDays(Options.ClosedDays);
        return closed < inactive ? closed : inactive;
    }

    /// <summary>The day the case is purged, when that falls within the warning period after <paramref name="today"/>; otherwise null.</summary>
    public DateOnly? WarningFor(CaseState state, DateOnly? closedOn, DateOnly lastActivityOn, DateOnly today)
    {
        var on = PurgeOn(state, closedOn, lastActivityOn);
        return on <= today.AddDays(Options.WarningDays) ? on : null;
    }

    /// <summary>The last day of the warning period that starts on <paramref name="today"/>.</summary>
    public DateOnly WarningUntil(DateOnly today) => today.AddDays(Options.WarningDays);

    /// <summary>Cases (or a responder's holdings of them) whose purge day is on or before <paramref name="day"/>, as a predicate the database evaluates.</summary>
    public Expression<Func<T, bool>> DueBy<T>(DateOnly day)
        where T : IRetentionDays
    {
        var closedOnOrBefore = day.AddDays(-Options.ClosedDays);
        var activeOnOrBefore = day.AddDays(-Options.InactiveDays);
        return c => c.LastActivityOn <= activeOnOrBefore
            || ((c.State == CaseState.Safe || c.State == CaseState.Closed) && (c.ClosedOn ?? c.LastActivityOn) <= closedOnOrBefore);
    }

    /// <summary>
    /// <see cref="DueBy{T}"/> cut into three disjoint predicates that each fit an index (last activity; state and
    /// closing day), so that counting what is due does not visit every case: their counts add up to the count
    /// of <see cref="DueBy{T}"/>.
    /// </summary>
    public IReadOnlyList<Expression<Func<T, bool>>> DueByParts<T>(DateOnly day)
        where T : IRetentionDays
    {
        var closedOnOrBefore = day.AddDays(-Options.ClosedDays);
        var activeOnOrBefore = day.AddDays(-Options.InactiveDays);
        return
        [
            c => c.LastActivityOn <= activeOnOrBefore,
            c => (c.State == CaseState.Safe || c.State == CaseState.Closed) && c.ClosedOn != null && c.ClosedOn <= closedOnOrBefore && c.LastActivityOn > activeOnOrBefore,
            c => (c.State == CaseState.Safe || c.State == CaseState.Closed) && c.ClosedOn == null && c.LastActivityOn <= closedOnOrBefore && c.LastActivityOn > activeOnOrBefore,
        ];
    }

    /// <summary>Which rule purges the case on <paramref name="day"/>: "closed" or "inactive" (content-free, for the audit log).</summary>
    public string Reason(CaseState state, DateOnly? closedOn, DateOnly lastActivityOn, DateOnly day) =>
        IsFinal(state) && (closedOn ?? lastActivityOn).AddDays(Options.ClosedDays) <= day ? "closed" : "inactive";
}
