using Haven.Abuse;
using Microsoft.Extensions.Options;

namespace Haven.Act.Letters;

/// <summary>
/// How many letters and declarations are accepted per hour: per Urgent Action (<see cref="ActOptions.PerActionPerHour"/>)
/// and for the whole instance (<see cref="ActOptions.InstancePerHour"/>), as token buckets (<see cref="AttemptLimiter"/>)
/// in the <see cref="IThrottleStore"/>: in memory on SQLite, in the database on PostgreSQL, so that the allowances
/// are the instance's whatever the number of web nodes. Counts only: no address, nothing about a supporter.
/// </summary>
internal sealed class ActThrottle
{
    private const string InstanceKey = "*";
    private readonly AttemptLimiter _perAction;
    private readonly AttemptLimiter _instance;

    public ActThrottle(IOptions<ActOptions> options, IThrottleStore store, TimeProvider clock)
    {
        var o = options.Value;
        _perAction = new AttemptLimiter(store, "act-action", o.PerActionPerHour, TimeSpan.FromHours(1), TimeSpan.Zero, clock);
        _instance = new AttemptLimiter(store, "act-instance", o.InstancePerHour, TimeSpan.FromHours(1), TimeSpan.Zero, clock);
    }

    /// <summary>Takes one letter from the action's and the instance's allowances; false (and nothing taken) when either is spent.</summary>
    public async Task<bool> TryTakeAsync(string actionId, CancellationToken cancellationToken = default)
    {
        if (!(await _perAction.TryReserveAsync(actionId, cancellationToken)).Admitted)
        {
            return false;
        }

        if ((await _instance.TryReserveAsync(InstanceKey, cancellationToken)).Admitted)
        {
            return true;
        }

        await _perAction.RefundAsync(actionId);
        return false;
    }

    /// <summary>Gives back a letter taken by <see cref="TryTakeAsync"/> that was not stored (a replay found at the last moment).</summary>
    public async Task GiveBackAsync(string actionId)
    {
        await _perAction.RefundAsync(actionId);
        await _instance.RefundAsync(InstanceKey);
    }
}
