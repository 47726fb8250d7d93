namespace Haven.Cases;

/// <summary>What the inbox shows: a state scope, optional narrowing filters, an order and a page.</summary>
/// <param name="Scope">Open cases, all, or the one <paramref name="State"/>.</param>
/// <param name="State">The state when <paramref name="Scope"/> is <see cref="InboxScope.One"/>.</param>
/// <param name="Urgency">Only this urgency, when given.</param>
/// <param name="Mine">Only cases assigned to the responder.</param>
/// <param name="Unassigned">Only cases assigned to nobody.</param>
/// <param name="AwaitingReply">Only cases where the person wrote last.</param>
/// <param name="IdleDays">Only cases without activity for at least this many days, when given.</param>
/// <param name="PurgeSoon">Only cases the retention policy deletes within its warning period.</param>
/// <param name="Sort">The order.</param>
/// <param name="Page">The page, from 1; a page past the end shows the last one.</param>
internal sealed record InboxFilter(
    InboxScope Scope = InboxScope.Open,
    CaseState? State = null,
    Urgency? Urgency = null,
    bool Mine = false,
    bool Unassigned = false,
    bool AwaitingReply = false,
    int? IdleDays = null,
    bool PurgeSoon = false,
    InboxSort Sort = InboxSort.Urgency,
    int Page = 1);
