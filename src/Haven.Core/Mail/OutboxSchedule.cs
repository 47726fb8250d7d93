using System.Security.Cryptography;

namespace Haven.Mail;

/// <summary>When a queued message may first be sent.</summary>
internal static class OutboxSchedule
{
    /// <summary>
    /// A letter accepted at <paramref name="now"/> goes at a uniformly random second within the next
    /// <see cref="MailOptions.WindowMinutes"/>, so that letters that arrive as a burst leave spread out.
    /// </summary>
    public static DateTimeOffset LetterDue(DateTimeOffset now, MailOptions options) =>
        options.WindowMinutes <= 0 ? now : now.AddSeconds(RandomNumberGenerator.GetInt32(options.WindowMinutes * 60 + 1));

    /// <summary>An alert goes at once.</summary>
    public static DateTimeOffset AlertDue(DateTimeOffset now) => now;
}
