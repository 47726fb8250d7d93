using ImageMagick;

namespace Haven.Files;

/// <summary>
/// Blacks out rectangles of an image on its decoded pixels and encodes it again without any metadata, for a redacted
/// working copy that can be shared: what was under a rectangle is not in the copy in any form (not in the pixels, not
/// in an EXIF thumbnail, not in a layer), because the copy is a new encoding of the changed pixels alone. Also makes
/// the small preview the redaction form is laid over. Everything happens in memory, with the limits of
/// <see cref="MetadataCleaner"/> (no disk pixel cache, bounds on dimensions).
/// </summary>
/// <remarks>
/// The type is recognised by its magic bytes only. The image is turned upright first (its EXIF orientation goes with
/// the metadata), so coordinates are those of the image as shown. Animated GIF and WebP frames are redacted each, on
/// the whole frame; a TIFF with several pages is refused (the form shows one page). JPEG is re-encoded at the quality
/// it had. A CMYK image is turned into sRGB so that black is black, and a palette image into direct colour so that
/// the changed pixels, not the old indexes, are written.
/// </remarks>
internal static class ImageRedactor
{
    /// <summary>Largest width or height of a preview, in pixels.</summary>
    public const int PreviewSide = 480;

    /// <summary>The redacted copy of <paramref name="content"/> (the caller wipes it), or why there is none. The input is not modified.</summary>
    public static (WorkingCopyOutcome Outcome, CleanedFile? Copy) TryRedact(byte[] content, Redaction redaction)
    {
        if (Format(content) is not { } format)
        {
            return (WorkingCopyOutcome.NotAnImage, null);
        }

        try
        {
            MetadataCleaner.EnsureMagickLimits();
            using var images = new MagickImageCollection(content, new MagickReadSettings { Format = format.Magick });
            if (images.Count == 0 || (images.Count > 1 && format.Magick == MagickFormat.Tiff))
            {
                return (WorkingCopyOutcome.NotAnImage, null);
            }

            if (images.Count > 1)
            {
                // Frames of an animation may cover only part of the picture: each becomes the whole picture first.
                images.Coalesce();
            }

            List<PixelRectangle>? areas = null;
            foreach (var image in images)
            {
                if (format.Magick != MagickFormat.Gif)
                {
                    image.AutoOrient();
                }

                areas ??= redaction.InPixels(image.Width, image.Height);
                if (areas is null)
                {
                    return (WorkingCopyOutcome.BadRectangles, null);
                }

                if (image.ColorSpace == ColorSpace.CMYK)
                {
                    image.ColorSpace = ColorSpace.sRGB;
                }

                // A palette image would be written from its index channel, with the old colours: pixels first.
                image.ClassType = ClassType.Direct;

                foreach (var area in areas)
                {
                    BlackOut(image, area);
                }

                MetadataCleaner.StripAll(image);
            }

            return (WorkingCopyOutcome.Made, new CleanedFile(images.ToByteArray(format.Magick), format.MediaType, format.Extension));
        }
        catch (Exception e) when (e is MagickException or ArgumentException or InvalidOperationException or OverflowException)
        {
            // Damaged or hostile input. The message is not logged: it could quote the file.
            return (WorkingCopyOutcome.Unreadable, null);
        }
    }

    /// <summary>The upright size of <paramref name="content"/>'s first frame and a small JPEG of it, or null when it is not an image that can be read.</summary>
    public static ImagePreview? Preview(byte[] content)
    {
        if (Format(content) is not { } format)
        {
            return null;
        }

        try
        {
            MetadataCleaner.EnsureMagickLimits();
            using var image = new MagickImage(content, new MagickReadSettings { Format = format.Magick, FrameIndex = 0, FrameCount = 1 });
            if (format.Magick != MagickFormat.Gif)
            {
                image.AutoOrient();
            }

            var (width, height) = ((long)image.Width, (long)image.Height);
            byte[]? jpeg = null;
            try
            {
                image.Thumbnail(new MagickGeometry(PreviewSide, PreviewSide) { Greater = true });
                MetadataCleaner.StripAll(image);
                image.BackgroundColor = MagickColors.White;
                image.Alpha(AlphaAction.Remove);
                image.ColorSpace = ColorSpace.sRGB;
                image.Quality = 80;
                jpeg = image.ToByteArray(MagickFormat.Jpeg);
            }
            catch (MagickException)
            {
                // The size is still known: the grid is shown without the picture.
            }

            return new ImagePreview(width, height, jpeg);
        }
        catch (Exception e) when (e is MagickException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="content"/> starts like an image a redacted copy can be made of.</summary>
    public static bool IsImage(ReadOnlySpan<byte> content) => MetadataCleaner.DetectImage(content) is not null;

    /// <summary>Sets every channel of every pixel of <paramref name="area"/> to black, fully opaque, row by row.</summary>
    private static void BlackOut(IMagickImage<byte> image, PixelRectangle area)
    {
        using var pixels = image.GetPixels();
        var channels = (int)pixels.Channels;
        var alpha = image.HasAlpha && pixels.GetChannelIndex(PixelChannel.Alpha) is uint index ? (int)index : -1;
        var row = new byte[checked((int)area.Width * channels)];
        if (alpha >= 0)
        {
            for (var i = alpha; i < row.Length; i += channels)
            {
                row[i] = byte.MaxValue;
            }
        }

        for (var y = area.Y; y < area.Y + area.Height; y++)
        {
            pixels.SetArea(checked((int)area.X), checked((int)y), (uint)area.Width, 1, row);
        }
    }

    private static (MagickFormat Magick, string MediaType, string Extension)? Format(byte[] content) => MetadataCleaner.DetectImage(content) switch
    {
        CleanableType.Jpeg => (MagickFormat.Jpeg, "image/jpeg", ".jpg"),
        CleanableType.Png => (MagickFormat.Png, "image/png", ".png"),
        CleanableType.Gif => (MagickFormat.Gif, "image/gif", ".gif"),
        CleanableType.WebP => (MagickFormat.WebP, "image/webp", ".webp"),
        CleanableType.Tiff => (MagickFormat.Tiff, "image/tiff", ".tif"),
        _ => null,
    };
}
