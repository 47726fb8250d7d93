using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Haven.Files;
using ImageMagick;
using ImageMagick.Drawing;

namespace Haven.Core.Tests.Files;

/// <summary>The cleaner on files built in memory: what goes, what stays, and what is refused.</summary>
public sealed class MetadataCleanerTests
{
    private const long Budget = 64L * 1024 * 1024;

    [Theory]
    [InlineData(MagickFormat.Jpeg, "Jpeg", "image/jpeg", ".jpg", "SecretCam,SecretXmp,SecretComment")]
    [InlineData(MagickFormat.Png, "Png", "image/png", ".png", "SecretCam,SecretComment")]
    [InlineData(MagickFormat.WebP, "WebP", "image/webp", ".webp", "SecretCam,SecretXmp")]
    [InlineData(MagickFormat.Tiff, "Tiff", "image/tiff", ".tif", "SecretXmp,SecretComment")]
    [InlineData(MagickFormat.Gif, "Gif", "image/gif", ".gif", "SecretComment")]
    public void Images_lose_exif_gps_xmp_and_comments_and_keep_their_format_and_size(MagickFormat format, string typeName, string mediaType, string extension, string carried)
    {
        var type = Enum.Parse<CleanableType>(typeName);
        var original = Image(format, 120, 80, orientation: null);
        Assert.Equal(type, MetadataCleaner.Detect(original));

        // The test image really carries what must go, as far as the format can hold it.
        var before = Encoding.Latin1.GetString(original);
        Assert.All(carried.Split(','), secret => Assert.Contains(secret, before, StringComparison.Ordinal));

        var copy = original.ToArray();
        Assert.Equal(CleanOutcome.None, MetadataCleaner.TryClean(original, Budget, out var cleaned));
        Assert.Equal(copy, original);
        Assert.Equal(mediaType, cleaned!.MediaType);
        Assert.Equal(extension, cleaned.Extension);
        Assert.Equal(type, MetadataCleaner.Detect(cleaned.Content));

        using var after = new MagickImage(cleaned.Content);
        Assert.Equal(120u, after.Width);
        Assert.Equal(80u, after.Height);
        Assert.Null(after.GetExifProfile());
        Assert.Null(after.GetXmpProfile());
        Assert.Null(after.GetIptcProfile());
        Assert.DoesNotContain(after.AttributeNames, n => n.StartsWith("exif:", StringComparison.Ordinal) || n == "comment");
        var text = Encoding.Latin1.GetString(cleaned.Content);
        foreach (var secret in new[] { "SecretCam", "SecretComment", "SecretXmp", "GPS" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_photo_is_turned_upright_before_its_orientation_is_removed()
    {
        var original = Image(MagickFormat.Jpeg, 120, 80, orientation: Orientation.RightTop);
        Assert.Equal(CleanOutcome.None, MetadataCleaner.TryClean(original, Budget, out var cleaned));
        using var after = new MagickImage(cleaned!.Content);
        Assert.Equal(80u, after.Width);
        Assert.Equal(120u, after.Height);
        Assert.Null(after.GetExifProfile());
    }

    [Fact]
    public void An_animated_gif_keeps_its_frames()
    {
        using var frames = new MagickImageCollection();
        foreach (var color in new[] { MagickColors.Red, MagickColors.Green, MagickColors.Blue })
        {
            var frame = new MagickImage(color, 30, 20) { AnimationDelay = 50 };
            frame.SetAttribute("comment", "SecretComment");
            frames.Add(frame);
        }

        var original = frames.ToByteArray(MagickFormat.Gif);
        Assert.Contains("SecretComment", Encoding.Latin1.GetString(original), StringComparison.Ordinal);
        Assert.Equal(CleanOutcome.None, MetadataCleaner.TryClean(original, Budget, out var cleaned));
        using var after = new MagickImageCollection(cleaned!.Content);
        Assert.Equal(3, after.Count);
        Assert.DoesNotContain("SecretComment", Encoding.Latin1.GetString(cleaned.Content), StringComparison.Ordinal);
    }

    [Fact]
    public void A_word_document_loses_its_author_company_and_custom_properties_and_its_pictures_their_exif()
    {
        var picture = Image(MagickFormat.Jpeg, 40, 30, orientation: null);
        var original = Package(
            ("[Content_Types].xml", ContentTypes("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")),
            ("_rels/.rels", Rels("word/document.xml")),
            ("word/document.xml", Encoding.UTF8.GetBytes("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Body text stays.</w:t></w:r></w:p></w:body></w:document>")),
            ("word/media/image1.jpeg", picture),
            ("docProps/core.xml", Encoding.UTF8.GetBytes("<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:creator>Author Secret</dc:creator><cp:lastModifiedBy>Author Secret</cp:lastModifiedBy></cp:coreProperties>")),
            ("docProps/app.xml", Encoding.UTF8.GetBytes("<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Company>Company Secret</Company><TotalTime>17</TotalTime></Properties>")),
            ("docProps/custom.xml", Encoding.UTF8.GetBytes("<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\"><property name=\"x\">Custom Secret</property></Properties>")));
        Assert.Equal(CleanableType.OfficeOpenXml, MetadataCleaner.Detect(original));

        Assert.Equal(CleanOutcome.None, MetadataCleaner.TryClean(original, Budget, out var cleaned));
        Assert.Equal(".docx", cleaned!.Extension);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", cleaned.MediaType);
        using var zip = new ZipArchive(new MemoryStream(cleaned.Content), ZipArchiveMode.Read);
        Assert.DoesNotContain("Secret", Read(zip, "docProps/core.xml"), StringComparison.Ordinal);
        Assert.Contains("coreProperties", Read(zip, "docProps/core.xml"), StringComparison.Ordinal);
        Assert.DoesNotContain("Secret", Read(zip, "docProps/app.xml"), StringComparison.Ordinal);
        Assert.Null(zip.GetEntry("docProps/custom.xml"));
        Assert.DoesNotContain("custom", Read(zip, "_rels/.rels"), StringComparison.Ordinal);
        Assert.Contains("core.xml", Read(zip, "_rels/.rels"), StringComparison.Ordinal);
        Assert.DoesNotContain("custom.xml", Read(zip, "[Content_Types].xml"), StringComparison.Ordinal);
        Assert.Contains("Body text stays.", Read(zip, "word/document.xml"), StringComparison.Ordinal);
        Assert.All(zip.Entries, e => Assert.Equal(1980, e.LastWriteTime.Year));

        using var media = new MemoryStream();
        using (var stream = zip.GetEntry("word/media/image1.jpeg")!.Open())
        {
            stream.CopyTo(media);
        }

        using var embedded = new MagickImage(media.ToArray());
        Assert.Equal(40u, embedded.Width);
        Assert.Null(embedded.GetExifProfile());
    }

    [Fact]
    public void An_opendocument_text_loses_its_meta_and_keeps_its_stored_mimetype_first()
    {
        var original = Package(
            ("mimetype", Encoding.ASCII.GetBytes("application/vnd.oasis.opendocument.text")),
            ("content.xml", Encoding.UTF8.GetBytes("<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" office:version=\"1.3\"><office:body/></office:document-content>")),
            ("meta.xml", Encoding.UTF8.GetBytes("<office:document-meta xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:0.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" office:version=\"1.3\"><office:meta><meta:initial-creator>Creator Secret</meta:initial-creator><dc:creator>Creator Secret</dc:creator><meta:generator>Generator Secret</meta:generator></office:meta></office:document-meta>")),
            ("META-INF/manifest.xml", Encoding.UTF8.GetBytes("<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"/>")));
        Assert.Equal(CleanableType.OpenDocument, MetadataCleaner.Detect(original));

        Assert.Equal(CleanOutcome.None, MetadataCleaner.TryClean(original, Budget, out var cleaned));
        Assert.Equal(".odt", cleaned!.Extension);
        using var zip = new ZipArchive(new MemoryStream(cleaned.Content), ZipArchiveMode.Read);
        Assert.Equal("mimetype", zip.Entries[0].FullName);
        Assert.Equal(zip.Entries[0].Length, zip.Entries[0].CompressedLength);
        var meta = Read(zip, "meta.xml");
        Assert.DoesNotContain("Secret", meta, StringComparison.Ordinal);
        Assert.Contains("office:version=\"1.3\"", meta, StringComparison.Ordinal);
        Assert.Contains("document-content", Read(zip, "content.xml"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pdf")]
    [InlineData("random")]
    [InlineData("zip")]
    [InlineData("empty")]
    [InlineData("heic")]
    public void Other_files_are_not_supported(string kind)
    {
        var content = kind switch
        {
            "pdf" => Encoding.ASCII.GetBytes("%PDF-1.7\n%%EOF\n"),
            "random" => RandomNumberGenerator.GetBytes(1000),
            "zip" => Package(("readme.txt", Encoding.ASCII.GetBytes("hello"))),
            "heic" => [0, 0, 0, 24, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'h', (byte)'e', (byte)'i', (byte)'c', 0, 0, 0, 0],
            _ => [],
        };
        Assert.Null(MetadataCleaner.Detect(content));
        Assert.Equal(CleanOutcome.NotSupported, MetadataCleaner.TryClean(content, Budget, out var cleaned));
        Assert.Null(cleaned);
    }

    [Fact]
    public void A_damaged_image_is_unreadable()
    {
        byte[] content = [0xFF, 0xD8, 0xFF, 0xE0, .. RandomNumberGenerator.GetBytes(500)];
        Assert.Equal(CleanableType.Jpeg, MetadataCleaner.Detect(content));
        Assert.Equal(CleanOutcome.Unreadable, MetadataCleaner.TryClean(content, Budget, out _));
    }

    [Fact]
    public void A_document_that_expands_beyond_the_budget_is_refused()
    {
        var original = Package(
            ("[Content_Types].xml", ContentTypes("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")),
            ("_rels/.rels", Rels("word/document.xml")),
            ("word/document.xml", new byte[8 * 1024 * 1024]));
        Assert.True(original.Length < 1024 * 1024);
        Assert.Equal(CleanOutcome.TooLarge, MetadataCleaner.TryClean(original, 1024 * 1024, out _));
        Assert.Equal(CleanOutcome.None, MetadataCleaner.TryClean(original, Budget, out _));
    }

    [Fact]
    public void An_image_beyond_the_pixel_bounds_is_unreadable_not_a_crash()
    {
        // A valid PNG header claiming 40000 x 40000 pixels: refused before any pixel is allocated.
        using var small = new MagickImage(MagickColors.White, 1, 1);
        var png = small.ToByteArray(MagickFormat.Png);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16, 4), 40_000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20, 4), 40_000);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29, 4), Crc32(png.AsSpan(12, 17)));
        Assert.Equal(CleanableType.Png, MetadataCleaner.Detect(png));
        Assert.Equal(CleanOutcome.Unreadable, MetadataCleaner.TryClean(png, Budget, out _));
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>An image with EXIF (camera model, GPS), XMP and a comment.</summary>
    private static byte[] Image(MagickFormat format, uint width, uint height, Orientation? orientation)
    {
        using var image = new MagickImage(MagickColors.SteelBlue, width, height);
        image.Draw(new Drawables().FillColor(MagickColors.Orange).Rectangle(0, 0, width / 2.0, height / 3.0));
        if (format != MagickFormat.Gif)
        {
            var exif = new ExifProfile();
            exif.SetValue(ExifTag.Model, "SecretCam 1");
            exif.SetValue(ExifTag.GPSLatitudeRef, "N");
            exif.SetValue(ExifTag.GPSLatitude, [new Rational(50, 1), new Rational(27, 1), new Rational(12, 1)]);
            exif.SetValue(ExifTag.GPSLongitudeRef, "E");
            exif.SetValue(ExifTag.GPSLongitude, [new Rational(30, 1), new Rational(31, 1), new Rational(56, 1)]);
            image.SetProfile(exif);
        }

        image.SetProfile(new XmpProfile(Encoding.UTF8.GetBytes("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\" dc:creator=\"SecretXmp\"/></rdf:RDF></x:xmpmeta>")));
        image.SetAttribute("comment", "SecretComment");
        if (orientation is { } o)
        {
            // ImageMagick writes the orientation only when the image and its EXIF profile agree.
            var exif = image.GetExifProfile()!;
            exif.SetValue(ExifTag.Orientation, (ushort)o);
            image.SetProfile(exif);
            image.Orientation = o;
        }

        return image.ToByteArray(format);
    }

    private static byte[] ContentTypes(string mainPart, string mainType) => Encoding.UTF8.GetBytes(
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
        $"<Override PartName=\"{mainPart}\" ContentType=\"{mainType}\"/><Override PartName=\"/docProps/custom.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.custom-properties+xml\"/></Types>");

    private static byte[] Rels(string main) => Encoding.UTF8.GetBytes(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
        $"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"{main}\"/>" +
        "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>" +
        "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>" +
        "<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties\" Target=\"/docProps/custom.xml\"/></Relationships>");

    private static byte[] Package(params (string Name, byte[] Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = zip.CreateEntry(name, name == "mimetype" ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(2026, 11, 20, 14, 3, 0, TimeSpan.Zero);
                using var output = entry.Open();
                output.Write(content);
            }
        }

        return stream.ToArray();
    }

    private static string Read(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }
}
