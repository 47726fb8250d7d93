using Haven.Files;

namespace Haven.Web.Pages.Desk;

/// <summary>What the reply form needs, wherever it is shown.</summary>
internal sealed record ReplyFormView(string CaseId, string RecordId, string? Text, int MaxTextLength, AttachmentOptions Files);
