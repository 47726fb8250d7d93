using Haven.Accounts;
using Haven.Act;
using Haven.Audit;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Haven.Alerts;

/// <summary>
/// Reads and changes a responder's own alert opt-in (My account). The address is sealed with
/// <see cref="ActSecrets"/> (purpose <c>alert-address</c>, the responder's id) and never read back for a page;
/// leaving it empty keeps the stored one. Choosing nothing, or turning alerts off, deletes the row and the address.
/// Choices the responder's role cannot see (<see cref="AlertRoles"/>) are dropped. Every change is audited
/// (<see cref="ChangedAction"/>, content-free: the subject is the responder), so that an alert address set from a
/// stolen session shows in the audit log.
/// </summary>
internal sealed class AlertSettingsCommand(IDbContextFactory<HavenDbContext> dbFactory, AuditedWriter writer, ActSecrets secrets)
{
    /// <summary>The longest address accepted (RFC 5321's path limit).</summary>
    public const int MaxAddressLength = 254;

    /// <summary>The audit action of a change to a responder's alerts (turned on, changed or off).</summary>
    public const string ChangedAction = "responder.alerts_changed";

    public async Task<AlertSettings> ReadAsync(UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responder);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ResponderAlerts.AsNoTracking().FirstOrDefaultAsync(a => a.ResponderId == responder.Id, cancellationToken);
        return row is null ? new AlertSettings(false, false, false) : new AlertSettings(true, row.NewRequests, row.CaseMessages);
    }

    public Task<AlertChange> SetAsync(UnlockedResponder responder, string? address, bool newRequests, bool caseMessages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responder);
        newRequests &= AlertRoles.SeesNewRequests(responder.Role);
        caseMessages &= AlertRoles.SeesCaseMessages(responder.Role);
        address = address?.Trim();
        return writer.WriteAsync(
            async scope =>
            {
                var db = scope.Db;
                var audit = new AuditEvent(ChangedAction, null, responder.Id);
                var row = await db.ResponderAlerts.FirstOrDefaultAsync(a => a.ResponderId == responder.Id, cancellationToken);
                if (!newRequests && !caseMessages)
                {
                    if (row is not null)
                    {
                        db.ResponderAlerts.Remove(row);
                        await scope.SaveAsync(AuditActor.For(responder), audit, cancellationToken);
                    }

                    return AlertChange.TurnedOff;
                }

                byte[]? sealedAddress = null;
                if (!string.IsNullOrEmpty(address))
                {
                    if (!IsAddress(address))
                    {
                        return AlertChange.BadAddress;
                    }

                    sealedAddress = secrets.SealText(address, ActSecrets.AlertAddress, responder.Id);
                }
                else if (row is null)
                {
                    return AlertChange.BadAddress;
                }

                if (row is null)
                {
                    row = new ResponderAlert { ResponderId = responder.Id };
                    db.ResponderAlerts.Add(row);
                }

                if (sealedAddress is not null)
                {
                    row.SealedAddress = sealedAddress;
                }

                row.NewRequests = newRequests;
                row.CaseMessages = caseMessages;
                await scope.SaveAsync(AuditActor.For(responder), audit, cancellationToken);
                return AlertChange.Saved;
            },
            cancellationToken);
    }

    /// <summary>Whether <paramref name="address"/> is one plain mailbox (<c>name@domain</c>), within the length limit.</summary>
    public static bool IsAddress(string address) =>
        address.Length <= MaxAddressLength
        && MailboxAddress.TryParse(address, out var parsed)
        && string.Equals(parsed.Address, address, StringComparison.Ordinal)
        && address.IndexOf('@', StringComparison.Ordinal) is > 0 and var at
        && at < address.Length - 1
        && !address.Any(char.IsWhiteSpace);
}
