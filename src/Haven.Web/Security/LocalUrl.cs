using System.Text;

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
