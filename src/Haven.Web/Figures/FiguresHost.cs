namespace Haven.Web.Figures;

/// <summary>
/// The public figures' addresses, <c>/figures</c>. Whether and on which host name they are served
/// (<c>Haven:Figures:Enabled</c>, <c>Haven:Figures:Host</c>) is decided with Act's by <see cref="Hosting.PublicSides"/>.
/// </summary>
internal static class FiguresHost
{
    public const string PathPrefix = "/figures";

    public static bool IsFiguresPath(PathString path) => path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase);
}
