using System.Security.Cryptography;

namespace Haven.Crypto;

/// <summary>
/// Helpers for buffers that hold secrets, so that key material does not outlive its use.
/// </summary>
internal static class SecureMemory
{
    /// <summary>
    /// Allocates a zeroed buffer on the pinned object heap: the garbage collector never moves it, so no stale
    /// copy of the secret is left behind in memory that can no longer be wiped.
    /// </summary>
    internal static byte[] AllocatePinned(int length) => GC.AllocateArray<byte>(length, pinned: true);

    /// <summary>Overwrites a buffer with zeros in a way the compiler cannot optimise away (<c>sodium_memzero</c>).</summary>
    internal static unsafe void Wipe(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return;
        }

        fixed (byte* p = buffer)
        {
            Interop.Sodium.sodium_memzero(p, (nuint)buffer.Length);
        }
    }

    /// <summary>
    /// Clears the native stack that a libsodium call just used. Argon2id's last step (a BLAKE2b
    /// <c>final</c>) copies its whole output, a source's secret key included, through a stack buffer it does not
    /// wipe; without this, the key stays in the thread's stack until something overwrites it. 32 KiB is far
    /// more than that call chain uses and far less than any thread's stack.
    /// </summary>
    internal static void ScrubStack() => Interop.Sodium.sodium_stackzero(32 * 1024);

    /// <summary>Overwrites a character buffer (e.g. a secret being parsed) with zeros.</summary>
    internal static void Wipe(Span<char> buffer) =>
        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(buffer));

    /// <summary>
    /// Throws a <see cref="CryptographicException"/> when libsodium reports an error that valid inputs cannot
    /// cause (for instance an allocation failure inside Argon2id).
    /// </summary>
    internal static void Check(int result, string function)
    {
        if (result != 0)
        {
            throw new CryptographicException($"libsodium {function} failed.");
        }
    }
}
