namespace Haven.Mail;

/// <summary>One recipient of a message: a display name (may be empty) and an address.</summary>
internal sealed record MailAddressee(string Name, string Address);
