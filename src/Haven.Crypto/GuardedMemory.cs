using System.Runtime.InteropServices;

namespace Haven.Crypto;

/// <summary>
/// A fixed-length buffer for a secret key in libsodium's guarded heap (<c>sodium_malloc</c>): its pages are
/// locked against swap (<c>mlock</c>) and excluded from core dumps (<c>MADV_DONTDUMP</c>), an inaccessible guard
/// page lies on each side, and <see cref="SafeHandle.Dispose()"/> hands it to <c>sodium_free</c>, which wipes it
/// before unmapping. Unlike a managed array, the garbage collector never sees it, so no copy is left behind.
/// </summary>
/// <remarks>
/// Every use goes through <see cref="Acquire"/>, which counts the use on the handle: a <c>Dispose</c> from another
/// thread (a session swept by its timer while a request still signs with its key) then frees the memory when
/// the last use ends, never under it. Locking can fail silently when <c>RLIMIT_MEMLOCK</c> is exhausted
/// (libsodium does not treat that as an error); docs/operations.md says how much to allow. The finalizer frees
/// a buffer that was never disposed.
/// </remarks>
internal sealed unsafe class GuardedMemory : SafeHandle
{
    private volatile bool _disposed;

    private GuardedMemory(int length)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        Length = length;
    }

    /// <summary>Length of the buffer in bytes.</summary>
    public int Length { get; }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Allocates a zeroed guarded buffer of <paramref name="length"/> bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is not positive.</exception>
    /// <exception cref="InsufficientMemoryException">libsodium could not map the memory.</exception>
    public static GuardedMemory Allocate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var memory = new GuardedMemory(length);
        var pointer = Interop.Sodium.sodium_malloc((nuint)length);
        if (pointer is null)
        {
            memory.SetHandleAsInvalid();
            throw new InsufficientMemoryException("libsodium sodium_malloc failed.");
        }

        memory.SetHandle((IntPtr)pointer);
        // sodium_malloc fills new memory with 0xdb; start from zeros like a new array.
        Interop.Sodium.sodium_memzero(pointer, (nuint)length);
        return memory;
    }

    /// <summary>
    /// Marks the buffer in use until the returned lease is disposed; read and write it through the lease only.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The buffer has been disposed (and wiped).</exception>
    public Lease Acquire()
    {
        var added = false;
        DangerousAddRef(ref added);
        if (_disposed)
        {
            // Disposed while another use is still running: that use may finish, no new one starts.
            DangerousRelease();
            throw new ObjectDisposedException(nameof(GuardedMemory));
        }

        return new Lease(this);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        Interop.Sodium.sodium_free((byte*)handle);
        return true;
    }

    /// <summary>One use of a <see cref="GuardedMemory"/>; the memory stays mapped until it is disposed.</summary>
    internal readonly ref struct Lease
    {
        private readonly GuardedMemory _owner;

        /// <summary>Takes over a use already counted on <paramref name="owner"/> (only <see cref="Acquire"/> makes one).</summary>
        internal Lease(GuardedMemory owner)
        {
            _owner = owner;
        }

        /// <summary>The start of the buffer.</summary>
        public byte* Pointer => (byte*)_owner.handle;

        /// <summary>The buffer.</summary>
        public Span<byte> Span => new((void*)_owner.handle, _owner.Length);

        /// <summary>Ends the use.</summary>
        public void Dispose() => _owner.DangerousRelease();
    }
}
