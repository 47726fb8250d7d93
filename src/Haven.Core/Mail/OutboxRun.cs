namespace Haven.Mail;

/// <summary>What one run of <see cref="OutboxSender"/> did, in counts.</summary>
internal readonly record struct OutboxRun(int Sent, int Retried, int Bounced, int GaveUp, int Returned)
{
    public static OutboxRun None => default;

    public int Total => Sent + Retried + Bounced + GaveUp + Returned;

    public OutboxRun Add(OutboxRun other) =>
        new(Sent + other.Sent, Retried + other.Retried, Bounced + other.Bounced, GaveUp + other.GaveUp, Returned + other.Returned);
}
