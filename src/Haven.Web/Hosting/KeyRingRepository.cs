using System.Xml.Linq;
using Haven.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Haven.Web.Hosting;

/// <summary>
/// The key files in <c>data/keys</c>, with two rules of Haven's: an element is written only when every secret
/// in it is encrypted under the instance key (the others, made before set-up, stay in memory), and key files
/// written unencrypted by an earlier version are deleted at start.
/// </summary>
internal sealed partial class KeyRingRepository : IXmlRepository
{
    private static readonly XName RequiresEncryption = XName.Get("requiresEncryption", "http://schemas.asp.net/2015/03/dataProtection");

    private readonly FileSystemXmlRepository _files;
    private readonly List<XElement> _memory = [];
    private readonly Lock _lock = new();

    public KeyRingRepository(DirectoryInfo folder, ILoggerFactory loggers)
    {
        var removed = RemoveUnencrypted(folder);
        if (removed > 0)
        {
            Removed(loggers.CreateLogger<KeyRingRepository>(), removed);
        }

        // The framework would create the folder world-readable (0755); like blobs/ it is the owner's alone.
        if (!OperatingSystem.IsWindows())
        {
            OwnerOnly.CreateFolder(folder.FullName);
            File.SetUnixFileMode(folder.FullName, OwnerOnly.FolderPermissions);
        }

        _files = new FileSystemXmlRepository(folder, loggers);
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_lock)
        {
            return [.. _files.GetAllElements(), .. _memory.Select(e => new XElement(e))];
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        if (IsWritable(element))
        {
            _files.StoreElement(element, friendlyName);
            return;
        }

        lock (_lock)
        {
            _memory.Add(new XElement(element));
        }
    }

    /// <summary>No secret left in plaintext, and none under the in-memory key.</summary>
    internal static bool IsWritable(XElement element) =>
        !element.DescendantsAndSelf().Any(e => (bool?)e.Attribute(RequiresEncryption) == true)
        && !element.DescendantsAndSelf(KeyRingEncryptor.ElementName).Any(e => (string?)e.Attribute("mode") != "instance");

    private static int RemoveUnencrypted(DirectoryInfo folder)
    {
        if (!folder.Exists)
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in folder.EnumerateFiles("*.xml"))
        {
            XElement element;
            try
            {
                element = XElement.Load(file.FullName);
            }
            catch (System.Xml.XmlException)
            {
                continue;
            }

            if (element.DescendantsAndSelf().Any(e => (bool?)e.Attribute(RequiresEncryption) == true))
            {
                file.Delete();
                removed++;
            }
        }

        return removed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleted {Count} data-protection key file(s) an earlier version stored unencrypted; a new, encrypted key replaces them (forms open in browsers must be sent again).")]
    private static partial void Removed(ILogger logger, int count);
}
