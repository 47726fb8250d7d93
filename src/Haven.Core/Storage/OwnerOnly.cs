namespace Haven.Storage;

/// <summary>
/// Files and folders only their owner can read: mode 0600 for files and 0700 for folders on Unix, set when
/// they are created so that there is never a moment when another account could open them. On Windows the
/// modes do not apply and the folder's inherited access list decides, as everywhere else in Haven.
/// </summary>
internal static class OwnerOnly
{
    /// <summary>The Unix mode of an owner-only file: read and write for the owner, nothing for anyone else.</summary>
    public const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The Unix mode of an owner-only folder: read, write and search for the owner, nothing for anyone else.</summary>
    public const UnixFileMode FolderPermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// Opens <paramref name="path"/> like <see cref="FileStream(string, FileStreamOptions)"/>; a file it
    /// creates is owner-only (0600) on Unix. The defaults are those of <see cref="FileStreamOptions"/>.
    /// </summary>
    /// <param name="path">The file to open or create.</param>
    /// <param name="mode">How to open or create it.</param>
    /// <param name="access">Read, write or both.</param>
    /// <param name="share">What other handles may do with the file while this one is open.</param>
    /// <param name="bufferSize">The stream's buffer in bytes; 0 or 1 for none.</param>
    /// <param name="options">Asynchronous, write-through and the like.</param>
    public static FileStream Open(
        string path,
        FileMode mode,
        FileAccess access,
        FileShare share = FileShare.Read,
        int bufferSize = 4096,
        FileOptions options = FileOptions.None)
    {
        var streamOptions = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize, Options = options };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = FilePermissions;
        }

        return new FileStream(path, streamOptions);
    }

    /// <summary>
    /// Creates the folder <paramref name="path"/> (and any missing parents) as owner-only (0700) on Unix if it
    /// does not exist yet; an existing folder keeps its mode.
    /// </summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, FolderPermissions);
        }
    }
}
