using System.Security.Cryptography;
using Haven.Crypto;
using Haven.Instance;

namespace Haven.Act;

/// <summary>
/// Seals and opens what the server must read by itself (target e-mail addresses, held letters, outbox payloads,
/// alert addresses) with <see cref="InstanceSecretBox"/>, under the key derived from the instance pepper. The
/// purposes are the constants below; each value is bound to its purpose and its row's id.
/// </summary>
internal sealed class ActSecrets(InstanceState instance)
{
    public const string TargetEmail = "target-email";
    public const string Held = "held";
    public const string Outbox = "outbox";
    public const string AlertAddress = "alert-address";

    /// <summary>Seals <paramref name="plaintext"/> for the row <paramref name="id"/>.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, string purpose, string id)
    {
        var key = InstanceSecretBox.DeriveKey(instance.Required.Pepper);
        try
        {
            return InstanceSecretBox.Seal(plaintext, key, purpose, id);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Seals a string (UTF-8).</summary>
    public byte[] SealText(string text, string purpose, string id) =>
        Seal(System.Text.Encoding.UTF8.GetBytes(text), purpose, id);

    /// <summary>Opens a sealed value; null when it does not open (another instance's key, another row, altered).</summary>
    public byte[]? Open(byte[]? sealedValue, string purpose, string id)
    {
        if (sealedValue is null)
        {
            return null;
        }

        var key = InstanceSecretBox.DeriveKey(instance.Required.Pepper);
        try
        {
            return InstanceSecretBox.TryOpen(sealedValue, key, purpose, id, out var plaintext) ? plaintext : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Opens a sealed string; null when it does not open.</summary>
    public string? OpenText(byte[]? sealedValue, string purpose, string id) =>
        Open(sealedValue, purpose, id) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;
}
