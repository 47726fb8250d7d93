namespace Haven.Record.Events;

/// <summary>The kinds of documentation versions, bound into their associated data.</summary>
internal static class RecordVersionKinds
{
    public const string Event = "event";

    public const string Victim = "victim";
}
