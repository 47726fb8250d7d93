using Haven.Abuse;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Intake;

/// <summary>
/// A person comes back with their receipt. A receipt that is not 20 digits is refused at once and counts for
/// nothing; a well-formed one reserves its turn in the instance's Argon2id budget (<see cref="ReceiptThrottle"/>)
/// before its derivation, then is looked up.
/// </summary>
internal sealed class OpenReceiptCommand(InstanceState instance, Argon2Gate gate, ReceiptThrottle throttle, IDbContextFactory<HavenDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>
    /// Opens the case of the receipt <paramref name="typed"/>: Malformed at once when it is not 20 digits, Throttled
    /// when the derivation budget is spent, Unknown when no case has it.
    /// </summary>
    public async Task<OpenReceiptResult> ExecuteAsync(string? typed, CancellationToken cancellationToken)
    {
        if (!Receipt.TryNormalize(typed, out var digits))
        {
            return new OpenReceiptResult(OpenReceiptOutcome.Malformed);
        }

        var ticket = await throttle.TryAdmitAsync(cancellationToken);
        if (!ticket.Admitted)
        {
            return new OpenReceiptResult(OpenReceiptOutcome.Throttled, RetryAfter: ticket.RetryAfter);
        }

        await ticket.WaitForTurnAsync(clock, cancellationToken);
        var pepper = instance.Required.Pepper;
        ReceiptKeys keys;
        try
        {
            keys = await gate.RunAsync(() => ReceiptDerivation.Derive(digits, pepper), cancellationToken);
        }
        catch (Exception e) when (e is ServerBusyException or OperationCanceledException)
        {
            await ticket.GiveBackAsync();
            throw;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var source = await db.Sources.AsNoTracking().SingleOrDefaultAsync(s => s.LookupId == keys.LookupId, cancellationToken);
        if (source is null)
        {
            keys.Dispose();
            return new OpenReceiptResult(OpenReceiptOutcome.Unknown);
        }

        return new OpenReceiptResult(OpenReceiptOutcome.Opened, keys, source.CaseId);
    }
}
