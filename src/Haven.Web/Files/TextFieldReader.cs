using System.Text;

namespace Haven.Web.Files;

/// <summary>
/// Reads one text field of a multipart form into memory: bounded, and strictly UTF-8 like the pages (bytes
/// that are not UTF-8 are refused, not replaced). The buffer it read into is cleared before it returns.
/// </summary>
internal static class TextFieldReader
{
    /// <summary>Most bytes of one text field; the commands apply the real, smaller limits.</summary>
    internal const int MaxBytes = 4 * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads <paramref name="body"/> to its end. When it is over <see cref="MaxBytes"/> the rest is read past
    /// and discarded.
    /// </summary>
    /// <returns>The value and its bytes; null with the bytes read when it is too large, null with -1 when it is not UTF-8.</returns>
    public static async Task<(string? Value, int Bytes)> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                await body.CopyToAsync(Stream.Null, cancellationToken);
                return (null, (int)buffer.Length);
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        try
        {
            return (StrictUtf8.GetString(bytes), (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            return (null, -1);
        }
        finally
        {
            bytes.Clear();
        }
    }
}
