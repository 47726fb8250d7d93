namespace Haven.Web.Hosting;

/// <summary>One public side (<see cref="PublicSides"/>): its path prefix, whether it is served, and its own host name (null or empty: any).</summary>
internal sealed record PublicSide(string PathPrefix, bool Enabled, string? Host)
{
    /// <summary>Whether <paramref name="path"/> is one of this side's addresses.</summary>
    public bool Owns(PathString path) => path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the request came to this side's own host name (false when it has none).</summary>
    public bool IsOwnHost(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return !string.IsNullOrEmpty(Host) && string.Equals(context.Request.Host.Host, Host.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
    }
}
