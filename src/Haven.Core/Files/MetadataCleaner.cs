using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using ImageMagick;

namespace Haven.Files;

/// <summary>
/// Removes what a file says about where, when, with what and by whom it was made — EXIF (with GPS and the
/// camera model), XMP, IPTC, ICC and comments in images; author, company, editing time and custom properties
/// in office documents — so that a working copy can be shared without exposing the person who sent it. The
/// original is never touched: it stays the evidence (Berkeley Protocol), and this only ever produces a new
/// file. Everything happens in memory: plaintext must never reach the disk, so ImageMagick is forbidden its
/// disk pixel cache, and zip archives are read and written in memory streams.
/// </summary>
/// <remarks>
/// The type is recognised by its magic bytes only; the declared type and the name are the sender's word and
/// are never used. Images are decoded and re-encoded in the same format (after turning them upright, since
/// the orientation lived in the EXIF data being removed): JPEG is re-compressed at the quality it had.
/// Office documents keep their content; comments and tracked changes inside it keep their authors' names.
/// </remarks>
internal static class MetadataCleaner
{
    /// <summary>Largest width or height of an image, in pixels: beyond this a file is a decompression bomb.</summary>
    public const int MaxImageSide = 30_000;

    /// <summary>Most pixels of one image frame (256 megapixels, about 1 GiB of pixel cache at 8 bits per channel).</summary>
    public const long MaxImagePixels = 256L * 1024 * 1024;

    /// <summary>Most entries of a document archive.</summary>
    public const int MaxEntries = 20_000;

    /// <summary>Most bytes of one XML part this cleaner rewrites (content types, relationships, properties).</summary>
    private const int MaxXmlPartBytes = 16 * 1024 * 1024;

    private const string PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string ContentTypesNamespace = "http://schemas.openxmlformats.org/package/2006/content-types";
    private const string OdfOfficeNamespace = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";

    private const string MinimalCoreProperties =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n" +
        "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" " +
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" " +
        "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"></cp:coreProperties>";

    private const string MinimalAppProperties =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n" +
        "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" " +
        "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"></Properties>";

    /// <summary>A fixed time for every archive entry: the time of editing is metadata too (1980-01-01 is the zip epoch).</summary>
    private static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The main part's content type of each supported Office Open XML document: its media type and extension.</summary>
    private static readonly Dictionary<string, (string MediaType, string Extension)> OfficeMainParts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.template", ".dotx"),
        ["application/vnd.ms-word.document.macroEnabled.main+xml"] = ("application/vnd.ms-word.document.macroEnabled.12", ".docm"),
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"] = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml"] = ("application/vnd.openxmlformats-officedocument.spreadsheetml.template", ".xltx"),
        ["application/vnd.ms-excel.sheet.macroEnabled.main+xml"] = ("application/vnd.ms-excel.sheet.macroEnabled.12", ".xlsm"),
        ["application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"] = ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
        ["application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"] = ("application/vnd.openxmlformats-officedocument.presentationml.template", ".potx"),
        ["application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"] = ("application/vnd.ms-powerpoint.presentation.macroEnabled.12", ".pptm"),
    };

    private static readonly Dictionary<string, string> OpenDocumentTypes = new(StringComparer.Ordinal)
    {
        ["application/vnd.oasis.opendocument.text"] = ".odt",
        ["application/vnd.oasis.opendocument.spreadsheet"] = ".ods",
        ["application/vnd.oasis.opendocument.presentation"] = ".odp",
        ["application/vnd.oasis.opendocument.graphics"] = ".odg",
    };

    private static readonly Lazy<bool> MagickLimits = new(ConfigureMagick, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>What the content is, by its first bytes (and, for zip archives, their entries); null when not supported.</summary>
    public static CleanableType? Detect(byte[] content) =>
        IsArchive(content) ? DetectPackage(content) : DetectImage(content);

    /// <summary>The image type by the first bytes, or null.</summary>
    public static CleanableType? DetectImage(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return CleanableType.Jpeg;
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return CleanableType.Png;
        }

        if (content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8))
        {
            return CleanableType.Gif;
        }

        if (content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8))
        {
            return CleanableType.WebP;
        }

        if (content.StartsWith("II*\0"u8) || content.StartsWith("MM\0*"u8))
        {
            return CleanableType.Tiff;
        }

        return null;
    }

    /// <summary>Whether <paramref name="head"/> starts like a zip archive, so that <see cref="Detect"/> needs the whole file.</summary>
    public static bool IsArchive(ReadOnlySpan<byte> head) => head.StartsWith("PK\u0003\u0004"u8);

    /// <summary>
    /// A cleaned copy of <paramref name="content"/>, or the reason there is none. The input is not modified.
    /// </summary>
    /// <param name="content">The whole file, decrypted in memory.</param>
    /// <param name="maxExpandedBytes">Most bytes the entries of a document archive may expand to, all together.</param>
    /// <param name="cleaned">The cleaned file; its content is the caller's to wipe.</param>
    public static CleanOutcome TryClean(byte[] content, long maxExpandedBytes, out CleanedFile? cleaned)
    {
        cleaned = null;
        try
        {
            switch (Detect(content))
            {
                case CleanableType.Jpeg:
                    cleaned = new CleanedFile(CleanImage(content, MagickFormat.Jpeg, autoOrient: true), "image/jpeg", ".jpg");
                    return CleanOutcome.None;
                case CleanableType.Png:
                    cleaned = new CleanedFile(CleanImage(content, MagickFormat.Png, autoOrient: true), "image/png", ".png");
                    return CleanOutcome.None;
                case CleanableType.Gif:
                    cleaned = new CleanedFile(CleanImage(content, MagickFormat.Gif, autoOrient: false), "image/gif", ".gif");
                    return CleanOutcome.None;
                case CleanableType.WebP:
                    cleaned = new CleanedFile(CleanImage(content, MagickFormat.WebP, autoOrient: true), "image/webp", ".webp");
                    return CleanOutcome.None;
                case CleanableType.Tiff:
                    cleaned = new CleanedFile(CleanImage(content, MagickFormat.Tiff, autoOrient: true), "image/tiff", ".tif");
                    return CleanOutcome.None;
                case CleanableType.OfficeOpenXml:
                case CleanableType.OpenDocument:
                    return CleanPackage(content, maxExpandedBytes, out cleaned);
                default:
                    return CleanOutcome.NotSupported;
            }
        }
        catch (Exception e) when (e is MagickException or InvalidDataException or XmlException or IOException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            // Damaged or hostile input. The message is not logged: it could quote the file.
            return CleanOutcome.Unreadable;
        }
    }

    /// <summary>
    /// Sets the process-wide ImageMagick limits (no disk pixel cache, bounds on dimensions) before anything else
    /// of ImageMagick is used: every caller that decodes an image calls this first.
    /// </summary>
    public static void EnsureMagickLimits() => _ = MagickLimits.Value;

    /// <summary>Strips profiles (EXIF with its thumbnail and GPS, XMP, IPTC, 8BIM, ICC), the comment and every remaining property.</summary>
    public static void StripAll(IMagickImage<byte> image)
    {
        // Strip removes the EXIF (with GPS), XMP, IPTC, 8BIM and ICC profiles and the comment; the
        // remaining properties (TIFF tags such as make, model, artist, dates) would be written back.
        image.Strip();
        foreach (var name in image.AttributeNames.ToList())
        {
            image.RemoveAttribute(name);
        }
    }

    /// <summary>Decodes every frame, turns it upright if asked, strips profiles, comments and properties, and encodes it again.</summary>
    private static byte[] CleanImage(byte[] content, MagickFormat format, bool autoOrient)
    {
        EnsureMagickLimits();

        // The format is fixed, so ImageMagick never guesses a coder from the content.
        using var images = new MagickImageCollection(content, new MagickReadSettings { Format = format });
        foreach (var image in images)
        {
            if (autoOrient)
            {
                image.AutoOrient();
            }

            StripAll(image);
        }

        return images.ToByteArray(format);
    }

    /// <summary>
    /// Process-wide ImageMagick limits: no disk pixel cache (so no plaintext in temporary files; an image
    /// too big for memory fails instead), and bounds on dimensions against decompression bombs.
    /// </summary>
    private static bool ConfigureMagick()
    {
        ResourceLimits.Disk = 0;
        ResourceLimits.Width = MaxImageSide;
        ResourceLimits.Height = MaxImageSide;
        ResourceLimits.Area = (ulong)MaxImagePixels;
        return true;
    }

    private static CleanableType? DetectPackage(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries)
            {
                return null;
            }

            if (zip.GetEntry("[Content_Types].xml") is not null && zip.GetEntry("_rels/.rels") is not null)
            {
                return CleanableType.OfficeOpenXml;
            }

            return OpenDocumentMediaType(zip) is { } type && OpenDocumentTypes.ContainsKey(type) ? CleanableType.OpenDocument : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The <c>mimetype</c> entry of an OpenDocument package, which must come first.</summary>
    private static string? OpenDocumentMediaType(ZipArchive zip)
    {
        if (zip.Entries.Count == 0 || zip.Entries[0].FullName != "mimetype" || zip.Entries[0].Length > 128)
        {
            return null;
        }

        using var stream = zip.Entries[0].Open();
        var bytes = ReadBounded(stream, 128);
        return bytes is null ? null : Encoding.ASCII.GetString(bytes).Trim();
    }

    private static CleanOutcome CleanPackage(byte[] content, long maxExpandedBytes, out CleanedFile? cleaned)
    {
        cleaned = null;
        using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
        if (zip.Entries.Count > MaxEntries)
        {
            return CleanOutcome.TooLarge;
        }

        var plan = zip.GetEntry("[Content_Types].xml") is not null ? PlanOfficeOpenXml(zip) : PlanOpenDocument(zip);
        if (plan is null)
        {
            return CleanOutcome.NotSupported;
        }

        var output = new MemoryStream(content.Length);
        try
        {
            var budget = new ExpansionBudget(maxExpandedBytes);
            using (var rewritten = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            {
                // ODF needs its uncompressed mimetype entry first; the original order is kept otherwise.
                foreach (var entry in zip.Entries.OrderBy(e => e.FullName == "mimetype" ? 0 : 1))
                {
                    if (!CopyEntry(entry, plan, rewritten, budget))
                    {
                        return CleanOutcome.TooLarge;
                    }
                }
            }

            cleaned = new CleanedFile(output.ToArray(), plan.MediaType, plan.Extension);
            return CleanOutcome.None;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(output.GetBuffer().AsSpan(0, (int)output.Length));
            output.Dispose();
        }
    }

    /// <summary>Copies one entry into the new archive, replaced, cleaned or as it is; false when over the budget.</summary>
    private static bool CopyEntry(ZipArchiveEntry entry, PackagePlan plan, ZipArchive rewritten, ExpansionBudget budget)
    {
        var name = entry.FullName;
        if (plan.Drop.Contains(name))
        {
            return true;
        }

        byte[]? replacement = null;
        if (plan.Replace.TryGetValue(name, out var rewrite))
        {
            replacement = rewrite(ReadPart(entry, budget));
        }
        else if (plan.IsMedia(name) && entry.Length > 0)
        {
            var bytes = ReadEntry(entry, budget, budget.Remaining);
            if (bytes is null)
            {
                return false;
            }

            // Pictures inside a document carry their own EXIF. They are not turned upright: the document
            // places them by its own geometry.
            replacement = DetectImage(bytes) switch
            {
                CleanableType.Jpeg => CleanImage(bytes, MagickFormat.Jpeg, autoOrient: false),
                CleanableType.Png => CleanImage(bytes, MagickFormat.Png, autoOrient: false),
                CleanableType.Gif => CleanImage(bytes, MagickFormat.Gif, autoOrient: false),
                CleanableType.WebP => CleanImage(bytes, MagickFormat.WebP, autoOrient: false),
                CleanableType.Tiff => CleanImage(bytes, MagickFormat.Tiff, autoOrient: false),
                _ => bytes,
            };
        }

        var stored = name == "mimetype" ? CompressionLevel.NoCompression : CompressionLevel.Optimal;
        var target = rewritten.CreateEntry(name, stored);
        target.LastWriteTime = EntryTime;
        using var output = target.Open();
        if (replacement is not null)
        {
            output.Write(replacement);
            return true;
        }

        using var input = entry.Open();
        var buffer = new byte[81920];
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            if (!budget.Take(read))
            {
                return false;
            }

            output.Write(buffer, 0, read);
        }

        return true;
    }

    private static PackagePlan? PlanOfficeOpenXml(ZipArchive zip)
    {
        var budget = new ExpansionBudget(4L * MaxXmlPartBytes);
        var types = LoadXml(ReadPart(zip.GetEntry("[Content_Types].xml")!, budget));
        var rels = zip.GetEntry("_rels/.rels") is { } relsEntry ? LoadXml(ReadPart(relsEntry, budget)) : null;
        if (rels is null)
        {
            return null;
        }

        XNamespace r = PackageRelationships;
        XNamespace ct = ContentTypesNamespace;
        string? Target(string typeSuffix) => rels.Root?.Elements(r + "Relationship")
            .Where(e => ((string?)e.Attribute("Type"))?.EndsWith(typeSuffix, StringComparison.Ordinal) == true && (string?)e.Attribute("TargetMode") != "External")
            .Select(e => ((string?)e.Attribute("Target"))?.TrimStart('/'))
            .FirstOrDefault(t => !string.IsNullOrEmpty(t));

        var main = Target("/officeDocument");
        var mainType = main is null ? null : types.Root?.Elements(ct + "Override")
            .Where(e => string.Equals(((string?)e.Attribute("PartName"))?.TrimStart('/'), main, StringComparison.OrdinalIgnoreCase))
            .Select(e => (string?)e.Attribute("ContentType"))
            .FirstOrDefault();
        if (mainType is null || !OfficeMainParts.TryGetValue(mainType, out var kind))
        {
            return null;
        }

        var core = Target("/metadata/core-properties") ?? "docProps/core.xml";
        var app = Target("/extended-properties") ?? "docProps/app.xml";
        var custom = Target("/custom-properties") ?? "docProps/custom.xml";
        var plan = new PackagePlan(kind.MediaType, kind.Extension, name => name.Contains("/media/", StringComparison.OrdinalIgnoreCase));
        plan.Drop.Add(custom);
        plan.Replace[core] = _ => Encoding.UTF8.GetBytes(MinimalCoreProperties);
        plan.Replace[app] = _ => Encoding.UTF8.GetBytes(MinimalAppProperties);
        plan.Replace["_rels/.rels"] = _ =>
        {
            // The package no longer points at the custom properties it lost.
            rels.Root!.Elements(r + "Relationship")
                .Where(e => string.Equals(((string?)e.Attribute("Target"))?.TrimStart('/'), custom, StringComparison.OrdinalIgnoreCase))
                .Remove();
            return Serialize(rels);
        };
        plan.Replace["[Content_Types].xml"] = _ =>
        {
            types.Root!.Elements(ct + "Override")
                .Where(e => string.Equals(((string?)e.Attribute("PartName"))?.TrimStart('/'), custom, StringComparison.OrdinalIgnoreCase))
                .Remove();
            return Serialize(types);
        };
        return plan;
    }

    private static PackagePlan? PlanOpenDocument(ZipArchive zip)
    {
        if (OpenDocumentMediaType(zip) is not { } type || !OpenDocumentTypes.TryGetValue(type, out var extension))
        {
            return null;
        }

        var plan = new PackagePlan(type, extension, name => name.StartsWith("Pictures/", StringComparison.Ordinal));
        plan.Replace["meta.xml"] = original =>
        {
            // Keep only the version the document declares; creator, dates, editing time, generator and
            // user-defined fields all go.
            var version = (string?)LoadXml(original).Root?.Attribute(XName.Get("version", OdfOfficeNamespace));
            XNamespace office = OdfOfficeNamespace;
            var root = new XElement(office + "document-meta", new XAttribute(XNamespace.Xmlns + "office", OdfOfficeNamespace), new XElement(office + "meta"));
            if (version is { Length: <= 16 })
            {
                root.Add(new XAttribute(office + "version", version));
            }

            return Serialize(new XDocument(new XDeclaration("1.0", "UTF-8", null), root));
        };
        return plan;
    }

    private static byte[] ReadPart(ZipArchiveEntry entry, ExpansionBudget budget) =>
        ReadEntry(entry, budget, MaxXmlPartBytes) ?? throw new InvalidDataException("A document part is too large.");

    /// <summary>The whole entry, counted against the budget; null when longer than <paramref name="limit"/> or over the budget.</summary>
    private static byte[]? ReadEntry(ZipArchiveEntry entry, ExpansionBudget budget, long limit)
    {
        using var stream = entry.Open();
        var bytes = ReadBounded(stream, Math.Min(limit, Array.MaxLength - 1));
        return bytes is not null && budget.Take(bytes.Length) ? bytes : null;
    }

    /// <summary>Reads to the end, never trusting a declared length; null when longer than <paramref name="limit"/>.</summary>
    private static byte[]? ReadBounded(Stream stream, long limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static XDocument LoadXml(byte[] xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxXmlPartBytes };
        using var reader = XmlReader.Create(new MemoryStream(xml, writable: false), settings);
        return XDocument.Load(reader);
    }

    private static byte[] Serialize(XDocument document)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            document.Save(writer);
        }

        return stream.ToArray();
    }

    /// <summary>What to do with a document archive: entries to drop, entries to rewrite, and where its pictures are.</summary>
    private sealed class PackagePlan(string mediaType, string extension, Func<string, bool> isMedia)
    {
        public string MediaType { get; } = mediaType;

        public string Extension { get; } = extension;

        public HashSet<string> Drop { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, Func<byte[], byte[]>> Replace { get; } = new(StringComparer.OrdinalIgnoreCase);

        public bool IsMedia(string name) => isMedia(name);
    }

    /// <summary>Bytes a document may still expand to, counted as they are actually decompressed.</summary>
    private sealed class ExpansionBudget(long bytes)
    {
        public long Remaining { get; private set; } = bytes;

        public bool Take(long count)
        {
            if (count > Remaining)
            {
                return false;
            }

            Remaining -= count;
            return true;
        }
    }
}
