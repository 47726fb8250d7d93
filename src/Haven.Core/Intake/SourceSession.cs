using Haven.Crypto;

namespace Haven.Intake;

/// <summary>
/// A person's session in server memory: the keys derived from their receipt and, once they have sent their
/// request, the case it belongs to. The receipt itself is kept only until the first request is sent, so that
/// it can be shown again on the request page.
/// </summary>
internal sealed class SourceSession(ReceiptKeys keys, string? caseId, string? receiptToShow) : IDisposable
{
    public ReceiptKeys Keys { get; } = keys;

    public string? CaseId { get; set; } = caseId;

    public string? ReceiptToShow { get; set; } = receiptToShow;

    public void Dispose() => Keys.Dispose();
}
