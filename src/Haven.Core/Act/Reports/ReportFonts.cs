using PdfSharp.Fonts;

namespace Haven.Act.Reports;

/// <summary>
/// PDFsharp's font resolver for reports. PDFsharp takes one resolver for the whole process, set once; this one
/// treats the family name as the folder of the DejaVu files, so that each server (or test) may point at its own
/// folder (<see cref="ReportOptions.FontFolder"/>). Only the two faces a report uses are served.
/// </summary>
internal sealed class ReportFonts : IFontResolver
{
    public const string Regular = "DejaVuSans.ttf";
    public const string Bold = "DejaVuSans-Bold.ttf";

    private static readonly Lock Gate = new();

    private static readonly ReportFonts Instance = new();

    private ReportFonts()
    {
    }

    /// <summary>Whether <paramref name="folder"/> holds both faces.</summary>
    public static bool Present(string folder) =>
        File.Exists(Path.Combine(folder, Regular)) && File.Exists(Path.Combine(folder, Bold));

    /// <summary>Makes this the process's resolver (the same instance every time, as PDFsharp asks).</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (!ReferenceEquals(GlobalFontSettings.FontResolver, Instance))
            {
                GlobalFontSettings.FontResolver = Instance;
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(Path.Combine(familyName, bold ? Bold : Regular));

    public byte[]? GetFont(string faceName) => File.Exists(faceName) ? File.ReadAllBytes(faceName) : null;
}
