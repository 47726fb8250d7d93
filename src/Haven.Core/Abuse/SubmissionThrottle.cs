using Microsoft.Extensions.Options;

namespace Haven.Abuse;

/// <summary>
/// Token buckets for submissions (the generic cell rate algorithm, <see cref="AttemptLimiter"/>): one for new cases,
/// one for messages instance-wide, and one per case for messages, each of its burst and refilled smoothly at its
/// rate. Only counts; holds no text, no address, nothing about a person (a case's bucket is keyed by a keyed hash
/// of its id). On PostgreSQL the buckets are held in the database, so the limits are the instance's.
/// </summary>
internal sealed class SubmissionThrottle
{
    private readonly AttemptLimiter _newCases;
    private readonly AttemptLimiter _messages;
    private readonly AttemptLimiter _perCase;

    public SubmissionThrottle(IOptions<SubmissionThrottleOptions> options, IThrottleStore store, TimeProvider clock)
    {
        var o = options.Value;
        _newCases = AttemptLimiter.PerMinute(store, "new-case", o.NewCasesPerMinute, o.NewCasesPerMinute, clock);
        _messages = AttemptLimiter.PerMinute(store, "message", o.MessagesPerMinute, o.MessagesPerMinute, clock);
        _perCase = AttemptLimiter.PerMinute(store, "case-message", o.MessagesPerCaseBurst, o.MessagesPerCasePerMinute, clock);
    }

    /// <summary>Takes one new case from the allowance; false when it is spent.</summary>
    public async Task<bool> TryNewCaseAsync(CancellationToken cancellationToken = default) =>
        (await _newCases.TryReserveAsync("", cancellationToken)).Admitted;

    /// <summary>Takes one message for <paramref name="caseId"/> from the case's and the instance's allowances; false (and nothing taken) when either is spent.</summary>
    public async Task<bool> TryMessageAsync(string caseId, CancellationToken cancellationToken = default)
    {
        if (!(await _perCase.TryReserveAsync(caseId, cancellationToken)).Admitted)
        {
            return false;
        }

        if ((await _messages.TryReserveAsync("", cancellationToken)).Admitted)
        {
            return true;
        }

        await _perCase.RefundAsync(caseId);
        return false;
    }
}
