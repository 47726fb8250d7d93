using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace Haven.Web.Security;

/// <summary>
/// Where a redirect built from a request value may lead, written for the <c>Location</c> header. A value that
/// is not a local path (<c>/x</c>, never <c>//x</c> or <c>/\x</c>) leads to <c>/</c>. A local one is kept, with
/// every byte a header or a URL cannot carry as it is (non-ASCII letters in any script, spaces, control
/// characters, <c>"</c>, <c>&lt;</c>, <c>&gt;</c>, <c>\</c>, <c>^</c>, <c>`</c>, <c>{</c>, <c>|</c>, <c>}</c>, a
/// <c>%</c> that does not start an escape) percent-encoded as UTF-8: the browser lands on the same path, and
/// a tab or line break can neither break the header nor be dropped by the browser to turn <c>/\t/x</c> into
/// <c>//x</c>. Valid escapes already in the value are kept as they are.
/// </summary>
internal static class LocalUrl
{
    /// <summary>The value as a local URL safe for a <c>Location</c> header, or <c>/</c>.</summary>
    public static string ForLocation(string? target)
    {
        if (string.IsNullOrEmpty(target) || target[0] != '/' || (target.Length > 1 && target[1] is '/' or '\\'))
        {
            return "/";
        }

        return Encode(target);
    }

    /// <summary>
    /// The URL with every byte a header cannot carry percent-encoded as UTF-8 (see the class summary); a URL
    /// that is already fit for a header comes back unchanged.
    /// </summary>
    public static string Encode(string url)
    {
        var bytes = Encoding.UTF8.GetBytes(url);
        var result = new StringBuilder(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == '%' ? i + 2 < bytes.Length && Uri.IsHexDigit((char)bytes[i + 1]) && Uri.IsHexDigit((char)bytes[i + 2]) : IsKept(b))
            {
                result.Append((char)b);
            }
            else
            {
                result.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return result.ToString();
    }

    /// <summary>Printable ASCII that RFC 3986 allows in a path, query or fragment.</summary>
    private static bool IsKept(byte b) => b is > 0x20 and < 0x7F && b is not ((byte)'"' or (byte)'<' or (byte)'>' or (byte)'\\' or (byte)'^' or (byte)'`' or (byte)'{' or (byte)'|' or (byte)'}');
}

/// <summary>
/// Every redirect result, whatever page returns it, goes out with its URL encoded for the header
/// (<see cref="LocalUrl.Encode"/>), so that no value from a request can make the <c>Location</c> header throw
/// (a 500) or carry a raw control character; a local redirect that is not local leads to <c>/</c>.
/// </summary>
internal sealed class EncodedRedirectExecutor(RedirectResultExecutor inner) : IActionResultExecutor<RedirectResult>
{
    public Task ExecuteAsync(ActionContext context, RedirectResult result) =>
        inner.ExecuteAsync(context, new RedirectResult(LocalUrl.Encode(result.Url), result.Permanent, result.PreserveMethod));
}

/// <inheritdoc cref="EncodedRedirectExecutor"/>
internal sealed class EncodedLocalRedirectExecutor(LocalRedirectResultExecutor inner) : IActionResultExecutor<LocalRedirectResult>
{
    public Task ExecuteAsync(ActionContext context, LocalRedirectResult result) =>
        inner.ExecuteAsync(context, new LocalRedirectResult(LocalUrl.ForLocation(result.Url), result.Permanent, result.PreserveMethod));
}

internal static class RedirectServiceCollectionExtensions
{
    /// <summary>Replaces the framework's redirect executors with the encoding ones (after AddRazorPages).</summary>
    public static IServiceCollection AddEncodedRedirects(this IServiceCollection services)
    {
        services.AddSingleton<RedirectResultExecutor>();
        services.AddSingleton<LocalRedirectResultExecutor>();
        services.AddSingleton<IActionResultExecutor<RedirectResult>, EncodedRedirectExecutor>();
        services.AddSingleton<IActionResultExecutor<LocalRedirectResult>, EncodedLocalRedirectExecutor>();
        return services;
    }
}
