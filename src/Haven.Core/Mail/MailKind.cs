namespace Haven.Mail;

/// <summary>What an outbox message is: a supporter's letter to a target (spread over the window) or a responder's alert (sent at once).</summary>
internal enum MailKind
{
    Letter = 0,
    Alert = 1,
}
