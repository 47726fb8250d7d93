using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Haven.Files;

/// <summary>
/// Linux's ways to stream a blob past the page cache: direct I/O (<c>O_DIRECT</c> through <c>fcntl</c>) where the
/// file system has it, otherwise hints (<c>sync_file_range</c>, <c>posix_fadvise</c>), and <c>fdatasync</c>. A
/// multi-gigabyte upload or download then neither copies every byte through memory nobody will read again nor
/// leaves gigabytes of dirty data for the final flush. On other systems, or if a call fails, nothing happens and
/// the data is exactly as safe (the final <c>fsync</c> is what makes a blob durable). Blobs are ciphertext;
/// nothing here ever sees plaintext.
/// </summary>
internal static partial class PageCacheHints
{
    private const uint SyncFileRangeWaitBefore = 1;
    private const uint SyncFileRangeWrite = 2;
    private const uint SyncFileRangeWaitAfter = 4;
    private const int AdviceDontNeed = 4;
    private const int GetStatusFlags = 3;
    private const int SetStatusFlags = 4;

    /// <summary>Alignment of buffers, offsets and lengths that direct I/O accepts on any Linux block device.</summary>
    public const int DirectAlignment = 4096;

    /// <summary>
    /// Turns direct I/O (<c>O_DIRECT</c>) on or off for an open file: reads and writes then go between the disk and
    /// the caller's buffer without a copy through the page cache, but must use buffers, offsets and lengths
    /// aligned to <see cref="DirectAlignment"/>. True if the file now is as asked; false where the system or
    /// the file system has no direct I/O (tmpfs on older kernels, other systems), and the file is unchanged.
    /// </summary>
    public static bool SetDirect(SafeFileHandle file, bool direct)
    {
        if (!OperatingSystem.IsLinux() || DirectFlag() is not { } flag)
        {
            return false;
        }

        return Call(file, fd =>
        {
            var flags = fcntl(fd, GetStatusFlags, 0);
            if (flags < 0)
            {
                return -1;
            }

            var wanted = direct ? flags | flag : flags & ~flag;
            return wanted == flags ? 0 : fcntl(fd, SetStatusFlags, wanted);
        });
    }

    /// <summary>Starts writing a range to the disk without waiting for it; true if the hint was taken.</summary>
    public static bool StartWriteBack(SafeFileHandle file, long offset, long length) =>
        OperatingSystem.IsLinux() && length > 0 && Call(file, fd => sync_file_range(fd, offset, length, SyncFileRangeWrite));

    /// <summary>
    /// Waits until a range is on the disk (written, not yet flushed from the disk's cache), then tells the kernel
    /// its pages will not be read again, so that they are reused at once; true if both hints were taken.
    /// </summary>
    public static bool WriteBackAndForget(SafeFileHandle file, long offset, long length) =>
        OperatingSystem.IsLinux() && length > 0
        && Call(file, fd => sync_file_range(fd, offset, length, SyncFileRangeWaitBefore | SyncFileRangeWrite | SyncFileRangeWaitAfter))
        && Forget(file, offset, length);

    /// <summary>Tells the kernel that the clean pages of a range will not be read again; true if the hint was taken.</summary>
    public static bool Forget(SafeFileHandle file, long offset, long length) =>
        OperatingSystem.IsLinux() && length > 0 && Call(file, fd => posix_fadvise(fd, offset, length, AdviceDontNeed));

    /// <summary>Flushes the file's data to stable storage (<c>fdatasync</c>); true if it succeeded.</summary>
    public static bool DataSync(SafeFileHandle file) => OperatingSystem.IsLinux() && Call(file, fdatasync);

    /// <summary><c>O_DIRECT</c>, whose value depends on the processor architecture.</summary>
    private static int? DirectFlag() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x4000,
        Architecture.Arm64 or Architecture.Arm => 0x10000,
        _ => null,
    };

    private static bool Call(SafeFileHandle file, Func<int, int> call)
    {
        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            return call((int)file.DangerousGetHandle()) == 0;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sync_file_range(int fd, long offset, long nbytes, uint flags);

    // posix_fadvise returns the error number itself rather than setting errno.
    [LibraryImport("libc")]
    private static partial int posix_fadvise(int fd, long offset, long length, int advice);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fdatasync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fcntl(int fd, int command, int argument);
}
