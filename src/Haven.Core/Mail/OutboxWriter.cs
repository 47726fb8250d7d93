using Haven.Act;
using Haven.Crypto;

namespace Haven.Mail;

/// <summary>Makes outbox rows: the caller adds the returned message to its own save, so it is queued exactly when that save commits.</summary>
internal static class OutboxWriter
{
    /// <summary>A queued message of <paramref name="kind"/> with <paramref name="payload"/> sealed, not sent before <paramref name="dueAt"/>.</summary>
    public static OutboxMessage Create(ActSecrets secrets, MailKind kind, MailPayload payload, DateTimeOffset now, DateTimeOffset dueAt, ActionCountKey? countKey = null)
    {
        var id = RandomId.New();
        return new OutboxMessage
        {
            Id = id,
            Kind = kind,
            Status = OutboxStatus.Queued,
            Payload = secrets.Seal(ActJson.WriteBytes(payload), ActSecrets.Outbox, id),
            CreatedAt = now,
            DueAt = dueAt,
            ActionId = countKey?.ActionId,
            TargetId = countKey?.TargetId,
            Language = countKey?.Language,
            Country = countKey?.Country,
        };
    }

    /// <summary>Opens a message's payload; null when it is erased or does not open.</summary>
    public static MailPayload? Open(ActSecrets secrets, OutboxMessage message) =>
        secrets.Open(message.Payload, ActSecrets.Outbox, message.Id) is { } json ? ActJson.Read<MailPayload>(json) : null;
}
