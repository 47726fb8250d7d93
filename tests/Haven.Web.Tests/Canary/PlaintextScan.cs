using System.Text;

namespace Haven.Web.Tests.Canary;

/// <summary>One place a secret was found on disk: the file, the secret and how it was encoded.</summary>
internal sealed record PlaintextHit(string File, string Secret, string Encoding)
{
    public override string ToString() => $"\"{Secret}\" ({Encoding}) in {File}";
}

/// <summary>
/// Looks for strings, byte for byte, in every file under a folder (recursively, whatever the file): as UTF-8,
/// UTF-16LE and UTF-16BE. Files are read while other processes may hold them open for writing.
/// </summary>
internal static class PlaintextScan
{
    private static readonly (string Name, Encoding Encoding)[] Encodings =
    [
        ("UTF-8", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)),
        ("UTF-16LE", new UnicodeEncoding(bigEndian: false, byteOrderMark: false)),
        ("UTF-16BE", new UnicodeEncoding(bigEndian: true, byteOrderMark: false)),
    ];

    /// <summary>Every (file, secret, encoding) found; empty when the folder holds none of the secrets.</summary>
    public static List<PlaintextHit> Find(string folder, IEnumerable<string> secrets) => FindIn(Files(folder), secrets);

    /// <summary>
    /// Every (file, secret, encoding) found in the given files. Files that vanished are skipped; with
    /// <paramref name="skipUnreadable"/> (a shared folder such as the system's temporary folder) so are files
    /// this user may not read, folders and files larger than 256 MiB.
    /// </summary>
    public static List<PlaintextHit> FindIn(IEnumerable<string> files, IEnumerable<string> secrets, bool skipUnreadable = false)
    {
        var patterns = secrets
            .Where(s => !string.IsNullOrEmpty(s))
            .SelectMany(s => Encodings.Select(e => (Secret: s, e.Name, Bytes: e.Encoding.GetBytes(s))))
            .ToList();
        var hits = new List<PlaintextHit>();
        foreach (var file in files)
        {
            var bytes = ReadShared(file, skipUnreadable);
            if (bytes is null)
            {
                continue;
            }

            hits.AddRange(patterns.Where(p => bytes.AsSpan().IndexOf(p.Bytes) >= 0).Select(p => new PlaintextHit(file, p.Secret, p.Name)));
        }

        return hits;
    }

    /// <summary>Every file under the folder, hidden or not, in every subfolder.</summary>
    public static List<string> Files(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false })];

    /// <summary>The file's bytes, or null when it vanished between listing and reading (SQLite's -journal, a temp file).</summary>
    private static byte[]? ReadShared(string file, bool skipUnreadable = false)
    {
        // The data directory's lock file cannot be opened while the server holds it (an exclusive flock); it
        // must stay empty, which its size shows without opening it.
        if (Path.GetFileName(file) == Haven.Storage.DataDirectoryLock.FileName)
        {
            Assert.True(new FileInfo(file).Length == 0, $"{file} is not empty");
            return [];
        }

        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (skipUnreadable && stream.Length > 256L << 20)
            {
                return null;
            }

            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (skipUnreadable && e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
