using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Haven.Web.Hosting;

/// <summary>Gives Kestrel a <see cref="LargeBlockMemoryPool"/> wherever it asks for a memory pool.</summary>
internal sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}
