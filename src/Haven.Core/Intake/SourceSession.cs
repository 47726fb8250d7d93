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

    /// <summary>
    /// The names of the files that came with the message just sent, so that the next page can tell the person
    /// they arrived. Their key cannot open what they sent (protocol.md), so the names exist only here, from
    /// the upload until that page takes them (<see cref="TakeSentFileNames"/>), and never reach the database
    /// in any form a receipt opens.
    /// </summary>
    public IReadOnlyList<string>? SentFileNames { get; private set; }

    /// <summary>
    /// After a send: keeps the names of its files for the next page, if the message was stored by this request
    /// (a repeated submit of the same form stores nothing twice, and leaves the first one's names, if not shown
    /// yet, for the page the browser ends up on).
    /// </summary>
    public void RememberSentFiles(Files.FileBatch batch)
    {
        if (batch.IsCommitted)
        {
            SentFileNames = batch.Count == 0 ? null : [.. batch.Files.Select(f => f.Name)];
        }
    }

    /// <summary>The names of the files just sent, once: a second call, or a reload of the page, gets null.</summary>
    public IReadOnlyList<string>? TakeSentFileNames()
    {
        var names = SentFileNames;
        SentFileNames = null;
        return names;
    }

    public void Dispose()
    {
        SentFileNames = null;
        Keys.Dispose();
    }
}
