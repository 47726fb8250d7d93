namespace Haven.Mail;

/// <summary>
/// The SMTP settings (<c>Haven:Mail</c>, issue 18), validated at start-up. With no <see cref="Host"/>, nothing is
/// sent: letters wait in the outbox (the public pages say sending by e-mail is not available) and alerts are off.
/// </summary>
internal sealed class MailOptions
{
    /// <summary>The SMTP server (a relay or the organisation's mail provider); null or empty turns mail off.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary><c>StartTls</c> (default), <c>Tls</c> (implicit TLS, port 465) or <c>None</c> (only for a relay on the same machine).</summary>
    public string Security { get; set; } = "StartTls";

    /// <summary>The SMTP user name; null for none.</summary>
    public string? UserName { get; set; }

    /// <summary>A file (owner-only) holding the SMTP password; the password itself is never in the configuration.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>The sender address (envelope and From), for example <c>act@example.org</c>.</summary>
    public string? From { get; set; }

    /// <summary>The sender's display name (default "Haven").</summary>
    public string FromName { get; set; } = "Haven";

    /// <summary>A letter accepted now is sent at a random time within this many minutes (default 60), so a burst of letters does not land as a burst.</summary>
    public int WindowMinutes { get; set; } = 60;

    /// <summary>The most messages sent in any minute (default 30).</summary>
    public int MaxPerMinute { get; set; } = 30;

    /// <summary>How many times a temporarily refused message is tried before it is given up (default 8).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first wait after a temporary refusal, in minutes, doubled at each attempt (default 5).</summary>
    public int RetryMinutes { get; set; } = 5;

    /// <summary>How often, in seconds, the sender looks for messages that are due (default 5; fractions allowed, for tests).</summary>
    public double PollSeconds { get; set; } = 5;

    /// <summary>
    /// How long, in seconds, a message may stay claimed (Sending) before another sender takes it over, as after a
    /// crash (default 600). Longer than a batch can take: a batch holds at most a minute's share of messages.
    /// </summary>
    public int LeaseSeconds { get; set; } = 600;

    /// <summary>How many days a finished message's row (no payload, only its status and the last SMTP code) is kept (default 30).</summary>
    public int KeepDays { get; set; } = 30;

    /// <summary>Whether mail is configured.</summary>
    public bool IsOn => !string.IsNullOrWhiteSpace(Host);

    /// <summary>The first problem with these options, or null when they are valid.</summary>
    public string? Problem()
    {
        if (!IsOn)
        {
            return null;
        }

        if (Uri.CheckHostName(Host) == UriHostNameType.Unknown || Port is < 1 or > 65535)
        {
            return "Haven:Mail:Host must be a host name and Haven:Mail:Port a port number.";
        }

        if (Security is not ("StartTls" or "Tls" or "None"))
        {
            return "Haven:Mail:Security must be StartTls, Tls or None.";
        }

        if (string.IsNullOrWhiteSpace(From) || !MimeKit.MailboxAddress.TryParse(From, out _))
        {
            return "Haven:Mail:From must be the sender's e-mail address, such as act@example.org.";
        }

        if (WindowMinutes is < 0 or > 24 * 60 || MaxPerMinute is < 1 or > 10_000)
        {
            return "Haven:Mail:WindowMinutes must be between 0 and 1440 and Haven:Mail:MaxPerMinute at least 1.";
        }

        if (MaxAttempts is < 1 or > 50 || RetryMinutes is < 1 or > 24 * 60)
        {
            return "Haven:Mail:MaxAttempts must be between 1 and 50 and Haven:Mail:RetryMinutes between 1 and 1440.";
        }

        if (!double.IsFinite(PollSeconds) || PollSeconds is < 0.05 or > 3600)
        {
            return "Haven:Mail:PollSeconds must be between 0.05 and 3600.";
        }

        return LeaseSeconds is < 1 or > 24 * 3600 || KeepDays is < 1 or > 3650
            ? "Haven:Mail:LeaseSeconds must be between 1 and 86400 and Haven:Mail:KeepDays between 1 and 3650."
            : null;
    }
}
