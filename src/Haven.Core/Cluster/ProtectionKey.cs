namespace Haven.Cluster;

/// <summary>
/// One ASP.NET Core data-protection key element (table <c>protection_keys</c>), shared by every web node so
/// that a form's anti-forgery token or a protected cookie made on one node is read on another. Written only
/// when every secret in it is encrypted under the instance key, as the key files are.
/// </summary>
internal sealed class ProtectionKey
{
    /// <summary>The element's friendly name (the key's id), unique.</summary>
    public string Name { get; set; } = "";

    /// <summary>The XML element as the framework gave it, its secrets encrypted.</summary>
    public string Xml { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
