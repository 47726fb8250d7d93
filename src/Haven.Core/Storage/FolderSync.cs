using System.Runtime.InteropServices;

namespace Haven.Storage;

/// <summary>
/// Makes a file's new name durable: a rename (or a new file) is an entry of its folder, and survives a power
/// cut only once the folder itself is flushed (<c>fsync</c> of the folder, Linux). On other systems nothing
/// happens. Nothing here sees the content of any file.
/// </summary>
internal static partial class FolderSync
{
    private const int OpenReadOnly = 0;

    /// <summary><c>O_CLOEXEC</c> on Linux: a process started meanwhile does not inherit the descriptor.</summary>
    private const int OpenCloseOnExec = 0x80000;

    /// <summary>Flushes the entries of <paramref name="folder"/> to stable storage.</summary>
    /// <exception cref="IOException">The folder cannot be opened or flushed: the new names may not survive a crash.</exception>
    public static void Flush(string folder)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = open(folder, OpenReadOnly | OpenCloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"cannot open {folder} to flush it (error {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (fsync(fd) != 0)
            {
                throw new IOException($"cannot flush {folder} to disk (error {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
