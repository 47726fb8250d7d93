namespace Haven.Cases;

/// <summary>Which states the inbox lists: the open ones (not Safe or Closed), all, or one.</summary>
internal enum InboxScope
{
    Open,
    All,
    One,
}
