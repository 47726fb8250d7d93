namespace Haven.Act.Reports;

/// <summary>
/// The settings of Act's reports (<c>Haven:Act:Report</c>): where the PDF's fonts are. The PDF needs DejaVu Sans
/// (<c>DejaVuSans.ttf</c> and <c>DejaVuSans-Bold.ttf</c>, Debian's fonts-dejavu-core), which covers Latin, Cyrillic,
/// Greek and more; without it the PDF answers a localized 503 and the printable page still works.
/// </summary>
internal sealed class ReportOptions
{
    /// <summary>The folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf (default Debian's).</summary>
    public string FontFolder { get; set; } = "/usr/share/fonts/truetype/dejavu";
}
