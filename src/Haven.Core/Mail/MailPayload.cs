namespace Haven.Mail;

/// <summary>
/// Everything the sender needs to build one message, stored only sealed in <see cref="OutboxMessage.Payload"/>
/// (ActSecrets, purpose <c>outbox</c>, the message id) and erased once the message is sent or given up.
/// <see cref="Language"/> is the message's language (Content-Language); <see cref="Body"/> is plain text.
/// <see cref="ReplyTo"/> is where answers go (a supporter's own address is never asked for, so it is the
/// instance's); null for none.
/// </summary>
internal sealed record MailPayload(
    IReadOnlyList<MailAddressee> To,
    IReadOnlyList<MailAddressee> Cc,
    string Subject,
    string Body,
    string Language,
    MailAddressee? ReplyTo = null);
