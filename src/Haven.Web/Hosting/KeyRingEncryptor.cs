using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Haven.Crypto;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Haven.Web.Hosting;

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
