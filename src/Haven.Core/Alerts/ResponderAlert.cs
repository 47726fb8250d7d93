namespace Haven.Alerts;

/// <summary>
/// A responder's opt-in to content-free alerts (table <c>responder_alerts</c>, issue 18): an e-mail saying only
/// that there is new activity on the desk, at most one per interval. The address is stored sealed (ActSecrets,
/// purpose <c>alert-address</c>, the responder's id).
/// </summary>
internal sealed class ResponderAlert
{
    public string ResponderId { get; set; } = "";

    public byte[] SealedAddress { get; set; } = [];

    /// <summary>Alert when a new request arrives (for responders who see new requests).</summary>
    public bool NewRequests { get; set; }

    /// <summary>Alert when a person writes in a case this responder holds.</summary>
    public bool CaseMessages { get; set; }

    /// <summary>When the last alert was queued; the next comes no sooner than the interval after it.</summary>
    public DateTimeOffset? LastSentAt { get; set; }

    /// <summary>Activity seen since the last alert, waiting for the interval to pass; null when none.</summary>
    public DateTimeOffset? PendingSince { get; set; }
}
