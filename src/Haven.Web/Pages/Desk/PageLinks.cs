namespace Haven.Web.Pages.Desk;

/// <summary>The page numbers a paged desk list links to: the first, the last and two either side of the current one.</summary>
internal static class PageLinks
{
    /// <summary>The pages to link around <paramref name="page"/> of <paramref name="pages"/>, in order; 0 marks a gap.</summary>
    public static IReadOnlyList<int> Around(int page, int pages)
    {
        var shown = new SortedSet<int> { 1, pages };
        for (var p = page - 2; p <= page + 2; p++)
        {
            if (p >= 1 && p <= pages)
            {
                shown.Add(p);
            }
        }

        var links = new List<int>();
        foreach (var p in shown)
        {
            if (links.Count > 0 && p > links[^1] + 1)
            {
                links.Add(0);
            }

            links.Add(p);
        }

        return links;
    }
}
