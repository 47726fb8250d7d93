using Haven.Crypto;

namespace Haven.Cluster;

/// <summary>
/// This process among the web nodes: a random id drawn at start, which names a lease's holder. It says nothing
/// about the machine; a restarted node is a new node.
/// </summary>
internal sealed class NodeIdentity
{
    public string Id { get; } = Convert.ToHexStringLower(SodiumRandom.Bytes(8));
}
