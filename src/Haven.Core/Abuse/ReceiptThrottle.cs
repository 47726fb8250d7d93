using Haven.Accounts;
using Microsoft.Extensions.Options;

namespace Haven.Abuse;

/// <summary>
/// The throttle for receipts: every well-formed receipt reserves a permit of the instance-wide cap before its
/// derivation. Malformed receipts never reach it. A success does not give its permit back: the cap counts work.
/// On PostgreSQL the cap is held in the database (<see cref="IThrottleStore"/>): it is the instance's, whatever the
/// number of nodes.
/// </summary>
internal sealed class ReceiptThrottle(IOptions<ReceiptThrottleOptions> options, IOptions<Argon2Options> argon2, IThrottleStore store, TimeProvider clock)
{
    private readonly AttemptLimiter _capacity = new(
        store,
        "receipt",
        options.Value.AttemptsPerMinute ?? argon2.Value.MaxConcurrent * ThrottleDefaults.DerivationsPerMinutePerSlot,
        TimeSpan.FromMinutes(1),
        options.Value.MaxWait,
        clock);

    public async Task<ThrottleTicket> TryAdmitAsync(CancellationToken cancellationToken = default)
    {
        var answer = await _capacity.TryReserveAsync("", cancellationToken);
        return answer.Admitted
            ? ThrottleTicket.Admit(answer.Wait, null, (_capacity, ""))
            : ThrottleTicket.Refused(ThrottleRefusal.Busy, answer.RetryAfter);
    }
}
