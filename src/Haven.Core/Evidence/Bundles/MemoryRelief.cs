using System.Runtime;
using System.Runtime.InteropServices;

namespace Haven.Evidence.Bundles;

/// <summary>
/// Gives memory back to the system after a signed evidence bundle: a compacting garbage collection that decommits
/// what the managed heap no longer needs, then, on Linux with glibc, <c>malloc_trim(0)</c>, which returns the
/// free pages of the native heaps. The first bundle in a process compiles BouncyCastle's code, and the compiler's
/// scratch memory (about 10 MB, freed but kept by the allocator) and the young generation grown by the stream would
/// otherwise stay in the server's resident memory for good (docs/benchmarks.md, "Evidence bundle"). Bundles are
/// rare and long, so one full collection after each costs nothing noticeable.
/// </summary>
internal static partial class MemoryRelief
{
    private static int _unavailable;

    /// <summary>Collects, compacts and trims; never throws (a system without <c>malloc_trim</c> only collects).</summary>
    public static void AfterLargeWork()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (!OperatingSystem.IsLinux() || Volatile.Read(ref _unavailable) != 0)
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // musl and other C libraries have no malloc_trim: the collection above is all there is.
            Volatile.Write(ref _unavailable, 1);
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
