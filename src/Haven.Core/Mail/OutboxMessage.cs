namespace Haven.Mail;

/// <summary>
/// One message in the durable mail outbox (table <c>mail_outbox</c>): written in the same save as what caused it,
/// sent later by the outbox sender, which claims it, talks to the SMTP server and records the answer. What a
/// person wrote is only ever in <see cref="Payload"/>, sealed, and erased once the message is finished.
/// For a letter, the count key columns say which <c>action_counts</c> row it adds to when it is delivered.
/// </summary>
internal sealed class OutboxMessage
{
    /// <summary>Random, 32 lowercase hex; also the local part of the message's Message-ID header.</summary>
    public string Id { get; set; } = "";

    public MailKind Kind { get; set; }

    public OutboxStatus Status { get; set; }

    /// <summary>The <see cref="MailPayload"/> as JSON, sealed; null once the message is finished.</summary>
    public byte[]? Payload { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Not sent before this: a letter's place in the window, or the next attempt after a temporary refusal.</summary>
    public DateTimeOffset DueAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>When a sender claimed it (status Sending); a claim older than the lease is taken over after a crash.</summary>
    public DateTimeOffset? ClaimedAt { get; set; }

    /// <summary>The SMTP server's last answer, content-free: its status code and enhanced code ("550 5.1.1"), or the kind of failure ("connect").</summary>
    public string? LastResult { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>For a letter: the Urgent Action it counts for; null for an alert.</summary>
    public string? ActionId { get; set; }

    /// <summary>For a letter: the target written to.</summary>
    public string? TargetId { get; set; }

    /// <summary>For a letter: its language.</summary>
    public string? Language { get; set; }

    /// <summary>For a letter: the self-declared country, "" when not given.</summary>
    public string? Country { get; set; }
}
