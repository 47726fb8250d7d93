namespace Haven.Cli;

/// <summary>The <c>--out FILE</c> of an export command (<c>record export</c>, <c>evidence export</c>): a new file in a folder that exists.</summary>
internal static class ExportTarget
{
    /// <summary>The file of <c>--out</c>, checked before any work.</summary>
    /// <exception cref="CliException">It exists (it is left as it is), or its folder does not.</exception>
    public static FileInfo RequireNew(FileInfo target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Exists || Directory.Exists(target.FullName))
        {
            throw new CliException($"{target.FullName} already exists; choose a new file name. Nothing was exported.");
        }

        if (target.Directory is { Exists: false } folder)
        {
            throw new CliException($"the folder {folder.FullName} does not exist. Nothing was exported.");
        }

        return target;
    }
}
