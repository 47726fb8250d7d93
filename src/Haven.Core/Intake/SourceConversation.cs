namespace Haven.Intake;

/// <summary>One page of the conversation, oldest first; <paramref name="HasEarlier"/> when an older page exists.</summary>
internal sealed record SourceConversation(IReadOnlyList<SourceEntry> Entries, bool HasEarlier, bool HasReply);
