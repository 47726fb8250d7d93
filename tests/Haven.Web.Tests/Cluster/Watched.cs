using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Cluster;

/// <summary>
/// A person followed through the kill: their browser, receipt, the node they were given, and a follow-up
/// form opened before the kill (token, record id, the text they typed).
/// </summary>
internal sealed class Watched(HavenClient client, string language, string receipt, string node, string token, string recordId, string text)
{
    public HavenClient Client { get; } = client;

    /// <summary>The language their browser asks for (en or ru).</summary>
    public string Language { get; } = language;

    public string Receipt { get; } = receipt;

    public string Node { get; } = node;

    public string Token { get; } = token;

    public string RecordId { get; } = recordId;

    public string Text { get; } = text;

    /// <summary>Whether their follow-up was acknowledged in the end (directly, or with the receipt again).</summary>
    public bool Acknowledged { get; set; }
}
