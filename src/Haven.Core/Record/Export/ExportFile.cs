using Haven.Crypto;
using Haven.Storage;

namespace Haven.Record.Export;

/// <summary>
/// Writes an export file so that a half-written file never has the name the operator asked for: into a hidden,
/// owner-only (0600) temporary file in the same folder, flushed to the disk, then renamed to <c>path</c>; a failure
/// or a cancellation deletes the temporary file. An existing file is never replaced.
/// </summary>
internal static class ExportFile
{
    /// <summary>The name of the temporary file beside <paramref name="path"/>: <c>.NAME.RANDOM.partial</c>.</summary>
    public static string TemporaryFor(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{RandomId.New()}.partial");

    /// <summary>Runs <paramref name="write"/> on the temporary file, then renames it to <paramref name="path"/>.</summary>
    /// <exception cref="IOException"><paramref name="path"/> exists, or the folder cannot be written.</exception>
    public static async Task WriteAsync(string path, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        if (File.Exists(full) || Directory.Exists(full))
        {
            throw new IOException($"{full} already exists.");
        }

        var temporary = TemporaryFor(full);
        try
        {
            await using (var stream = OwnerOnly.Open(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                await write(stream);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: false);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
