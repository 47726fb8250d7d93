namespace Haven.Cases;

/// <summary>A row of the inbox: routing data only.</summary>
internal sealed record InboxItem(string Id, CaseState State, Urgency Urgency, DateOnly CreatedOn, DateOnly LastActivityOn, bool AwaitingReply);
