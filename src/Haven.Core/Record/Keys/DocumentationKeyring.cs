using System.Diagnostics.CodeAnalysis;
using Haven.Crypto;

namespace Haven.Record.Keys;

/// <summary>
/// The documentation key generations a logged-in responder holds, opened at login from their seals and kept in
/// memory with the session (<see cref="Accounts.UnlockedResponder.Documentation"/>); wiped when the session ends.
/// Safe to use from several requests of one session at once.
/// </summary>
internal sealed class DocumentationKeyring : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, X25519KeyPair> _keys = [];
    private bool _disposed;

    /// <summary>True once the keyring is disposed (its session ended): it holds nothing and takes nothing.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_lock)
            {
                return _disposed;
            }
        }
    }

    /// <summary>The generations held, lowest first.</summary>
    public IReadOnlyCollection<int> Generations
    {
        get
        {
            lock (_lock)
            {
                return [.. _keys.Keys.Order()];
            }
        }
    }

    /// <summary>The key pair of <paramref name="generation"/>, when this session holds it. The keyring owns it: do not dispose it.</summary>
    public bool TryGet(int generation, [MaybeNullWhen(false)] out X25519KeyPair key)
    {
        lock (_lock)
        {
            return _keys.TryGetValue(generation, out key);
        }
    }

    /// <summary>Keeps <paramref name="key"/> for <paramref name="generation"/>; the keyring owns it from now on (a generation already held keeps its key and the new one is wiped).</summary>
    internal void Add(int generation, X25519KeyPair key)
    {
        lock (_lock)
        {
            if (_disposed || !_keys.TryAdd(generation, key))
            {
                key.Dispose();
            }
        }
    }

    /// <summary>Wipes every generation not in <paramref name="generations"/> (a revocation took them away).</summary>
    internal void RetainOnly(IReadOnlySet<int> generations)
    {
        lock (_lock)
        {
            foreach (var generation in _keys.Keys.Where(g => !generations.Contains(g)).ToList())
            {
                _keys.Remove(generation, out var key);
                key!.Dispose();
            }
        }
    }

    /// <summary>Wipes every generation held; the session goes on without documentation access.</summary>
    public void Clear() => RetainOnly(new HashSet<int>());

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        Clear();
    }
}
