using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace Haven.Web.Hosting;

/// <summary>
/// The framework's data-protection key ring (the keys behind the antiforgery tokens), protected at rest: each
/// key's secret is encrypted with XChaCha20-Poly1305 under <c>BLAKE2b(32, "haven/v1/key-ring", key = pepper)</c>
/// from the instance key file (docs/protocol.md, "Data-protection key ring"). Before the instance key exists (a
/// set-up in progress), keys are encrypted under a random key held in memory and never written: they last until
/// the server stops. Key files that an earlier version wrote unencrypted are deleted at start; the framework
/// makes a new, encrypted key.
/// </summary>
internal static class KeyRingProtection
{
    public static IServiceCollection AddHavenDataProtection(this IServiceCollection services, DataDirectory data)
    {
        services.AddDataProtection().SetApplicationName("Haven");
        services.AddSingleton<KeyRingKey>();
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new KeyRingRepository(new DirectoryInfo(data.ProtectionKeysFolder), sp.GetRequiredService<ILoggerFactory>());
            o.XmlEncryptor = new KeyRingEncryptor(sp.GetRequiredService<KeyRingKey>());
        }));
        return services;
    }
}

/// <summary>The key that encrypts key-ring secrets: derived from the instance pepper, or a random one in memory before set-up.</summary>
internal sealed class KeyRingKey(InstanceState instance) : IDisposable
{
    /// <summary>The associated data of every encrypted key-ring secret.</summary>
    public static readonly byte[] AssociatedData = Encoding.ASCII.GetBytes("haven/v1/key-ring");

    private static readonly byte[] Context = Encoding.ASCII.GetBytes("haven/v1/key-ring");

    private readonly byte[] _memory = SodiumRandom.Bytes(RecordCipher.KeyLength);

    /// <summary>Whether keys are made under the instance key (and may be written to disk).</summary>
    public bool HasInstanceKey => instance.IsInitialized;

    /// <summary><c>BLAKE2b(32, "haven/v1/key-ring", key = pepper)</c>; wipe it after use.</summary>
    public byte[] Instance() => Blake2b.Hash(RecordCipher.KeyLength, Context, instance.Required.Pepper);

    /// <summary>The in-memory key, for keys made before set-up.</summary>
    public ReadOnlySpan<byte> Memory => _memory;

    public void Dispose() => CryptographicOperations.ZeroMemory(_memory);
}

/// <summary>Encrypts a key-ring secret into <c>&lt;havenKeyRing mode="instance|memory"&gt;base64(n || AEAD)&lt;/havenKeyRing&gt;</c>.</summary>
internal sealed class KeyRingEncryptor(KeyRingKey key) : IXmlEncryptor
{
    public const string ElementName = "havenKeyRing";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        try
        {
            byte[] sealedBytes;
            string mode;
            if (key.HasInstanceKey)
            {
                var instanceKey = key.Instance();
                try
                {
                    sealedBytes = RecordCipher.Encrypt(plaintext, instanceKey, KeyRingKey.AssociatedData);
                    mode = "instance";
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(instanceKey);
                }
            }
            else
            {
                sealedBytes = RecordCipher.Encrypt(plaintext, key.Memory, KeyRingKey.AssociatedData);
                mode = "memory";
            }

            var element = new XElement(ElementName, new XAttribute("version", "1"), new XAttribute("mode", mode), Convert.ToBase64String(sealedBytes));
            return new EncryptedXmlInfo(element, typeof(KeyRingDecryptor));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}

/// <summary>Opens what <see cref="KeyRingEncryptor"/> made; created by the framework by type name, with the services.</summary>
internal sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var key = services.GetRequiredService<KeyRingKey>();
        if (encryptedElement.Name.LocalName != KeyRingEncryptor.ElementName || (string?)encryptedElement.Attribute("version") != "1")
        {
            throw new InvalidDataException("Not a Haven key-ring secret.");
        }

        var sealedBytes = Convert.FromBase64String(encryptedElement.Value);
        byte[] plaintext;
        bool opened;
        if ((string?)encryptedElement.Attribute("mode") == "memory")
        {
            opened = RecordCipher.TryDecrypt(sealedBytes, key.Memory, KeyRingKey.AssociatedData, out plaintext);
        }
        else
        {
            var instanceKey = key.Instance();
            try
            {
                opened = RecordCipher.TryDecrypt(sealedBytes, instanceKey, KeyRingKey.AssociatedData, out plaintext);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(instanceKey);
            }
        }

        if (!opened)
        {
            throw new InvalidDataException("A key-ring secret does not open with this instance's key.");
        }

        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}

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
