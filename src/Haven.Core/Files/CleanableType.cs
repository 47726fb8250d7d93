namespace Haven.Files;

/// <summary>The kinds of file a cleaned copy can be made of, recognised by their content alone.</summary>
internal enum CleanableType
{
    Jpeg,
    Png,
    Gif,
    WebP,
    Tiff,

    /// <summary>Word, Excel or PowerPoint (docx, xlsx, pptx and their macro and template variants).</summary>
    OfficeOpenXml,

    /// <summary>OpenDocument text, spreadsheet, presentation or drawing (odt, ods, odp, odg).</summary>
    OpenDocument,
}
