using Haven.Crypto;
using Haven.Storage;

namespace Haven.Cli;

/// <summary>
/// The folder <c>haven decrypt</c> writes: a hidden temporary folder beside the one asked for
/// (<c>.NAME.RANDOM.partial</c>, mode 0700), renamed to it only when every case is written. A decryption that fails
/// or is stopped deletes the temporary folder with the plaintext in it, so a half-written decryption never has the
/// name the operator gave.
/// </summary>
internal static class DecryptOutput
{
    /// <summary>Runs <paramref name="write"/> on the temporary folder, then renames it to <paramref name="target"/>.</summary>
    /// <exception cref="CliException"><paramref name="target"/> exists and is not an empty folder, or cannot be created.</exception>
    /// <exception cref="CommandStoppedException">Ctrl-C or SIGTERM: the temporary folder is deleted.</exception>
    public static async Task<T> WriteAsync<T>(string target, Func<string, Task<T>> write, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (File.Exists(target) || (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()))
        {
            throw new CliException($"{target} already exists and is not an empty folder; choose a new folder. Nothing was decrypted.");
        }

        var parent = Path.GetDirectoryName(target) ?? throw new CliException($"{target} cannot be a decryption's folder.");
        Directory.CreateDirectory(parent);
        var partial = Path.Combine(parent, $".{Path.GetFileName(target)}.{RandomId.New()[..8]}.partial");
        T result;
        try
        {
            result = await write(partial);
            if (!Directory.Exists(partial))
            {
                OwnerOnly.CreateFolder(partial);
            }

            if (Directory.Exists(target))
            {
                Directory.Delete(target);
            }

            Directory.Move(partial, target);
        }
        catch (Exception e)
        {
            // The temporary folder holds plaintext: it goes, whatever stopped the decryption.
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }

            if (e is OperationCanceledException && stop.IsCancellationRequested)
            {
                throw new CommandStoppedException($"nothing was written to {target}.");
            }

            throw;
        }

        return result;
    }
}
