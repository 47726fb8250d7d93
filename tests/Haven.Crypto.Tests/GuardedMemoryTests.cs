using System.Globalization;

namespace Haven.Crypto.Tests;

/// <summary>
/// Secret keys live in libsodium's guarded memory: locked against swap, left out of core dumps, and gone
/// (wiped and unmapped) once disposed. The kernel's own view (<c>/proc/self/smaps</c>, <c>/proc/self/mem</c>) is
/// the witness.
/// </summary>
public sealed class GuardedMemoryTests
{
    [Fact]
    public void Secret_keys_are_locked_against_swap_and_left_out_of_core_dumps()
    {
        using var box = X25519KeyPair.Generate();
        using var signing = Ed25519KeyPair.Generate();
        using var memory = GuardedMemory.Allocate(100);

        // smaps flags: "lo" = pages locked in memory (mlock), "dd" = do not include in a core dump.
        Assert.Equal(["dd", "lo"], Flags(Address(box.SecretKey)));
        using (var sk = signing.AcquireSecretKey())
        {
            Assert.Equal(["dd", "lo"], Flags(sk));
        }

        Assert.Equal(["dd", "lo"], Flags(memory.DangerousGetHandle()));
    }

    [Fact]
    public void Dispose_wipes_and_unmaps_the_memory_and_blocks_further_use()
    {
        var memory = GuardedMemory.Allocate(64);
        var pattern = SodiumRandom.Bytes(64);
        using (var lease = memory.Acquire())
        {
            pattern.CopyTo(lease.Span);
        }

        var address = memory.DangerousGetHandle();
        Assert.Equal(pattern, Read(address, 64));
        memory.Dispose();
        memory.Dispose();

        // The pages are unmapped: reading them fails (or, if something else was mapped there since, holds other bytes).
        Assert.NotEqual(pattern, Read(address, 64));
        Assert.Throws<ObjectDisposedException>(() => memory.Acquire());
    }

    [Fact]
    public void A_dispose_during_use_frees_the_memory_when_the_use_ends()
    {
        var memory = GuardedMemory.Allocate(32);
        var pattern = SodiumRandom.Bytes(32);
        var address = memory.DangerousGetHandle();
        using (var lease = memory.Acquire())
        {
            pattern.CopyTo(lease.Span);
            memory.Dispose();

            // Still mapped and intact for the use in progress; no new use may start.
            Assert.Equal(pattern, lease.Span.ToArray());
            Assert.Throws<ObjectDisposedException>(() => memory.Acquire());
        }

        Assert.NotEqual(pattern, Read(address, 32));
    }

    [Fact]
    public void New_memory_is_zeroed_and_sizes_must_be_positive()
    {
        using var memory = GuardedMemory.Allocate(48);
        using (var lease = memory.Acquire())
        {
            Assert.Equal(new byte[48], lease.Span.ToArray());
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => GuardedMemory.Allocate(0));
    }

    private static unsafe nint Address(ReadOnlySpan<byte> span)
    {
        fixed (byte* p = span)
        {
            return (nint)p;
        }
    }

    private static string[] Flags(GuardedMemory.Lease lease) => Flags(lease.Span);

    private static string[] Flags(ReadOnlySpan<byte> span) => Flags(Address(span));

    /// <summary>The "lo" and "dd" flags of the mapping that holds <paramref name="address"/>.</summary>
    private static string[] Flags(nint address)
    {
        var at = (ulong)address;
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var dash = line.IndexOf('-', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && ulong.TryParse(line[..dash], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start)
                && ulong.TryParse(line[(dash + 1)..space], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var end))
            {
                inside = start <= at && at < end;
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return [.. line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(f => f is "lo" or "dd").Order(StringComparer.Ordinal)];
            }
        }

        throw new InvalidOperationException("No mapping holds the address.");
    }

    /// <summary>Reads this process's memory through the kernel, which fails cleanly for an unmapped address.</summary>
    private static byte[] Read(nint address, int length)
    {
        var buffer = new byte[length];
        using var mem = File.OpenHandle("/proc/self/mem", FileMode.Open, FileAccess.Read);
        try
        {
            return RandomAccess.Read(mem, buffer, address) == length ? buffer : [];
        }
        catch (IOException)
        {
            return [];
        }
    }
}
