using Haven.Record.Events;

namespace Haven.Web.Pages.Desk.Record;

/// <summary>The localized message and the HTTP status of each refused save of an event or a victim.</summary>
internal static class EventErrors
{
    /// <summary>The resource key of <paramref name="outcome"/>'s message (<c>Record.Event.Error.*</c>).</summary>
    public static PageError For(RecordWriteOutcome outcome) => outcome switch
    {
        RecordWriteOutcome.TextTooLong => new PageError("Record.Event.Error.TextTooLong", RecordLimits.MaxTitle),
        RecordWriteOutcome.TooMany => new PageError("Record.Event.Error.TooMany", RecordLimits.MaxActs),
        _ => new PageError("Record.Event.Error." + outcome),
    };

    /// <summary>409 for a form based on an older version, 503 when the instance has no documentation key yet, 400 otherwise.</summary>
    public static int Status(RecordWriteOutcome outcome) => outcome switch
    {
        RecordWriteOutcome.Conflict => 409,
        RecordWriteOutcome.NoDocumentationKey => 503,
        _ => 400,
    };
}
