using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Haven.Web.Hosting;

/// <summary>
/// Behind a TLS reverse proxy, the scheme (<c>X-Forwarded-Proto</c>) and host (<c>X-Forwarded-Host</c>) that the
/// proxy saw, so that cookies get <c>Secure</c> and invitation links say <c>https://</c> and the public host.
/// Only from the configured proxies, one hop. <c>X-Forwarded-For</c> is never read: Haven has no use for a
/// client's address and keeps none.
/// </summary>
internal static class ForwardedProxies
{
    public static IServiceCollection AddHavenProxies(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProxyOptions>().Bind(configuration.GetSection("Haven:Proxy"))
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)), "Haven:Proxy:KnownProxies must be IP addresses (e.g. 127.0.0.1 or ::1).")
            .Validate(o => o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "Haven:Proxy:KnownNetworks must be networks in CIDR form (e.g. 10.0.0.0/24).")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxies) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            forwarded.ForwardLimit = 1;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in proxies.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }

    /// <summary>First in the pipeline, and only when proxies are configured (with none, the middleware would trust everyone).</summary>
    public static IApplicationBuilder UseHavenProxies(this IApplicationBuilder app)
    {
        var proxies = app.ApplicationServices.GetRequiredService<IOptions<ProxyOptions>>().Value;
        return proxies.Any ? app.UseForwardedHeaders() : app;
    }
}
