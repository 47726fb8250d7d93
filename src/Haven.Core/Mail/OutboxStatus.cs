namespace Haven.Mail;

/// <summary>Where an outbox message stands.</summary>
internal enum OutboxStatus
{
    /// <summary>Waiting for its time (<see cref="OutboxMessage.DueAt"/>, or its next attempt).</summary>
    Queued = 0,

    /// <summary>Claimed by a sender that is talking to the SMTP server now (<see cref="OutboxMessage.ClaimedAt"/>).</summary>
    Sending = 1,

    /// <summary>Accepted by the SMTP server; the payload is erased.</summary>
    Sent = 2,

    /// <summary>Refused for good (a 5xx answer); the payload is erased and the answer recorded.</summary>
    Bounced = 3,

    /// <summary>Still refused for a while after the last attempt allowed; the payload is erased.</summary>
    GaveUp = 4,
}
