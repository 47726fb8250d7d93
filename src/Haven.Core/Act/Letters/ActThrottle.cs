using Haven.Abuse;
using Microsoft.Extensions.Options;

namespace Haven.Act.Letters;

/// <summary>
/// How many letters and declarations are accepted per hour: per Urgent Action (<see cref="ActOptions.PerActionPerHour"/>)
/// and for the whole instance (<see cref="ActOptions.InstancePerHour"/>), as token buckets (<see cref="AttemptLimiter"/>)
/// held in memory on each web node. Counts only: no address, nothing about a supporter.
/// </summary>
internal sealed class ActThrottle
{
    private const string InstanceKey = "*";
    private readonly AttemptLimiter _perAction;
    private readonly AttemptLimiter _instance;

    public ActThrottle(IOptions<ActOptions> options, TimeProvider clock)
    {
        var o = options.Value;
        _perAction = new AttemptLimiter(o.PerActionPerHour, TimeSpan.FromHours(1), TimeSpan.Zero, clock);
        _instance = new AttemptLimiter(o.InstancePerHour, TimeSpan.FromHours(1), TimeSpan.Zero, clock);
    }

    /// <summary>Takes one letter from the action's and the instance's allowances; false (and nothing taken) when either is spent.</summary>
    public bool TryTake(string actionId)
    {
        if (!_perAction.TryReserve(actionId).Admitted)
        {
            return false;
        }

        if (_instance.TryReserve(InstanceKey).Admitted)
        {
            return true;
        }

        _perAction.Refund(actionId);
        return false;
    }

    /// <summary>Gives back a letter taken by <see cref="TryTake"/> that was not stored (a replay found at the last moment).</summary>
    public void GiveBack(string actionId)
    {
        _perAction.Refund(actionId);
        _instance.Refund(InstanceKey);
    }
}
