namespace Haven.Web.Hosting;

/// <summary>
/// The reverse proxies whose forwarded headers Haven believes (<c>Haven:Proxy</c>), validated at start. Empty by
/// default: then no forwarded header is read from anyone, not even from loopback (a Tor onion service connects
/// from 127.0.0.1, and anything a Tor user sends would otherwise be believed).
/// </summary>
internal sealed class ProxyOptions
{
    /// <summary>Addresses of the proxies, e.g. <c>127.0.0.1</c> or <c>::1</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of the proxies in CIDR form, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool Any => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}
