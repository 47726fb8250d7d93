using Haven.Files;
using Haven.Storage;

namespace Haven.Web.Hosting;

/// <summary>
/// The start-up check of the blob folder (<c>Haven:Blobs:Path</c>): a node that cannot reach or write it (a shared
/// filesystem not mounted, mounted read-only, full, or not this account's) does not start, with one line naming the
/// folder, instead of refusing every file later.
/// </summary>
internal static class BlobFolderProbe
{
    /// <exception cref="StorageStartupException">The folder cannot be used.</exception>
    public static void Run(BlobStore store)
    {
        try
        {
            store.Probe();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var why = e switch
            {
                UnauthorizedAccessException => "this account may not write in it",
                DirectoryNotFoundException => "it cannot be reached (is the shared filesystem mounted?)",
                IOException io when StorageFailure.IsDiskFull(io) => "its disk is full",
                _ => $"{e.GetType().Name}: {e.Message.Split('\n')[0]}",
            };
            throw new StorageStartupException($"the blob folder {store.Folder} (Haven:Blobs:Path) cannot be used: {why}; every node needs it, readable and writable.", e);
        }
    }
}
