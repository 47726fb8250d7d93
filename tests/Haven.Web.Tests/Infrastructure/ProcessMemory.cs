using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Haven.Web.Tests.Infrastructure;

/// <summary>
/// A secret a test looks for in memory, held only masked (XOR with random bytes), so that the test's own copy
/// is never the secret and cannot be found by the search.
/// </summary>
internal sealed class MaskedSecret
{
    private readonly byte[] _mask;
    private readonly byte[] _masked;

    /// <summary>Masks <paramref name="secret"/>; the caller wipes its own copy at once.</summary>
    public MaskedSecret(string name, ReadOnlySpan<byte> secret)
    {
        Name = name;
        _mask = RandomNumberGenerator.GetBytes(secret.Length);
        _masked = new byte[secret.Length];
        for (var i = 0; i < secret.Length; i++)
        {
            _masked[i] = (byte)(secret[i] ^ _mask[i]);
        }

        // A run of three bytes that differ from each other and from 0 and 0xff, searched for first (it
        // reveals nothing of the rest); almost every random key has one.
        Anchor = Enumerable.Range(0, secret.Length - 2).First(i => Distinct(Byte(i), Byte(i + 1), Byte(i + 2)));
    }

    public string Name { get; }

    public int Length => _masked.Length;

    /// <summary>Where in the secret the three bytes of <see cref="AnchorBytes"/> start.</summary>
    public int Anchor { get; }

    /// <summary>Three bytes of the secret, unmasked, to find candidates fast.</summary>
    public byte[] AnchorBytes => [Byte(Anchor), Byte(Anchor + 1), Byte(Anchor + 2)];

    /// <summary>True when <paramref name="memory"/> starts with the secret, compared without unmasking it.</summary>
    public bool IsAt(ReadOnlySpan<byte> memory)
    {
        if (memory.Length < _masked.Length)
        {
            return false;
        }

        for (var i = 0; i < _masked.Length; i++)
        {
            if ((memory[i] ^ _mask[i]) != _masked[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool Distinct(byte a, byte b, byte c) =>
        a != b && b != c && a != c && a is not (0 or 0xff) && b is not (0 or 0xff) && c is not (0 or 0xff);

    private byte Byte(int i) => (byte)(_masked[i] ^ _mask[i]);
}

/// <summary>
/// Searches this process's own memory, every readable mapping listed in <c>/proc/self/maps</c> read through
/// <c>/proc/self/mem</c>, for secrets: the test server runs in this process, so a key it still holds (in
/// libsodium's guarded memory, the managed heap, a native stack or a stale copy) is found.
/// </summary>
/// <remarks>
/// Read-only mappings of files (program code, ICU data) are skipped: they hold what is on disk. The read
/// buffer is pinned and its own address range is skipped, and it is wiped after use.
/// </remarks>
internal static class ProcessMemory
{
    private const int ChunkLength = 4 << 20;

    /// <summary>How many times each secret occurs in this process's memory right now.</summary>
    public static Dictionary<string, int> Count(params MaskedSecret[] secrets)
    {
        var counts = secrets.ToDictionary(s => s.Name, _ => 0);
        var overlap = secrets.Max(s => s.Length);
        var buffer = GC.AllocateArray<byte>(ChunkLength + overlap, pinned: true);
        var bufferStart = (ulong)Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 0);
        var bufferEnd = bufferStart + (ulong)buffer.Length;
        try
        {
            using var mem = File.OpenHandle("/proc/self/mem", FileMode.Open, FileAccess.Read);
            foreach (var (start, end) in ReadableRegions())
            {
                // Two pieces around the read buffer when it lies in this region.
                if (bufferStart < end && bufferEnd > start)
                {
                    Search(mem, start, bufferStart, buffer, secrets, counts);
                    Search(mem, bufferEnd, end, buffer, secrets, counts);
                }
                else
                {
                    Search(mem, start, end, buffer, secrets, counts);
                }
            }
        }
        finally
        {
            Array.Clear(buffer);
        }

        return counts;
    }

    private static void Search(Microsoft.Win32.SafeHandles.SafeFileHandle mem, ulong start, ulong end, byte[] buffer, MaskedSecret[] secrets, Dictionary<string, int> counts)
    {
        var overlap = buffer.Length - ChunkLength;
        for (var at = start; at < end; at += ChunkLength)
        {
            var length = (int)Math.Min((ulong)buffer.Length, end - at);
            int read;
            try
            {
                read = RandomAccess.Read(mem, buffer.AsSpan(0, length), (long)at);
            }
            catch (IOException)
            {
                return;
            }

            var span = buffer.AsSpan(0, read);
            foreach (var secret in secrets)
            {
                var anchor = secret.AnchorBytes;
                // A match counts once: it must start within this chunk (not in the overlap read again next time).
                var limit = Math.Min(read, ChunkLength);
                for (var from = 0; from < limit;)
                {
                    var hit = span[from..].IndexOf(anchor);
                    if (hit < 0)
                    {
                        break;
                    }

                    var candidate = from + hit - secret.Anchor;
                    if (candidate >= 0 && candidate < limit && secret.IsAt(span[candidate..]))
                    {
                        counts[secret.Name]++;
                    }

                    from += hit + 1;
                }
            }

            Array.Clear(buffer, 0, read);
            if (read < length || overlap == 0)
            {
                return;
            }
        }
    }

    private static IEnumerable<(ulong Start, ulong End)> ReadableRegions()
    {
        foreach (var line in File.ReadAllLines("/proc/self/maps"))
        {
            // "start-end perms offset dev inode [path]"
            var parts = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            var perms = parts[1];
            var path = parts.Length > 5 ? parts[5] : "";
            if (perms[0] != 'r' || path is "[vvar]" or "[vvar_vclock]" or "[vsyscall]" || (path.StartsWith('/') && perms[1] != 'w'))
            {
                continue;
            }

            var range = parts[0].Split('-');
            yield return (ulong.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture), ulong.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }
    }
}
