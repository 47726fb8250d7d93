using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Haven.Crypto;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Haven.Web.Hosting;

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
