using System.Buffers;
using System.Collections.Concurrent;

namespace Haven.Web.Hosting;

/// <summary>
/// Hands Kestrel's socket transport 64 KiB buffers instead of its default 4 KiB blocks, so that a large upload
/// is read with a sixteenth of the system calls (each receive fills at most one block). Blocks live on the
/// pinned object heap, are reused, and at most <see cref="MaxPooled"/> are kept idle; beyond that they are
/// left to the garbage collector, so an idle server does not hold the memory of its busiest moment.
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;

    /// <summary>Idle blocks kept for reuse: 4 MiB.</summary>
    public const int MaxPooled = 64;

    private readonly ConcurrentQueue<Block> _idle = new();
    private int _idleCount;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_idle.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _idleCount);
            block.Rented();
            return block;
        }

        return new Block(this);
    }

    protected override void Dispose(bool disposing)
    {
        _idle.Clear();
    }

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref _idleCount) <= MaxPooled)
        {
            _idle.Enqueue(block);
        }
        else
        {
            Interlocked.Decrement(ref _idleCount);
        }
    }

    private sealed class Block(LargeBlockMemoryPool pool) : IMemoryOwner<byte>
    {
        private readonly byte[] _array = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);
        private int _returned;

        public Memory<byte> Memory => _array;

        public void Rented() => Volatile.Write(ref _returned, 0);

        public void Dispose()
        {
            // Returned once, however many times it is disposed.
            if (Interlocked.Exchange(ref _returned, 1) == 0)
            {
                pool.Return(this);
            }
        }
    }
}
