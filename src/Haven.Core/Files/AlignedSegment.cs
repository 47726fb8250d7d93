using System.Runtime.InteropServices;

namespace Haven.Files;

/// <summary>
/// A buffer of native memory aligned for direct I/O (<see cref="PageCacheHints.DirectAlignment"/>), which the
/// garbage collector never moves. It holds ciphertext only; freed on dispose.
/// </summary>
internal sealed unsafe class AlignedSegment : IDisposable
{
    private byte* _memory;

    public AlignedSegment(int length)
    {
        Length = length;
        _memory = (byte*)NativeMemory.AlignedAlloc((nuint)length, PageCacheHints.DirectAlignment);
    }

    ~AlignedSegment() => Free();

    public int Length { get; }

    public Span<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_memory is null, this);
            return new Span<byte>(_memory, Length);
        }
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (_memory is not null)
        {
            NativeMemory.AlignedFree(_memory);
            _memory = null;
        }
    }
}
