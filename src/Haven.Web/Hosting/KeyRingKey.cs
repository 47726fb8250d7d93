using System.Security.Cryptography;
using System.Text;
using Haven.Crypto;
using Haven.Instance;

namespace Haven.Web.Hosting;

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
