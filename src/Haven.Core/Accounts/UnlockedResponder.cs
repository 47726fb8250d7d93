using Haven.Crypto;

namespace Haven.Accounts;

/// <summary>
/// A responder's secrets as they exist only in memory after login: the X25519 key that opens case keys,
/// the Ed25519 key that signs audit entries, and the documentation keyring. Wiped on dispose.
/// </summary>
internal sealed class UnlockedResponder : IDisposable
{
    private volatile bool _disposed;

    public UnlockedResponder(string id, string name, ResponderRole role, X25519KeyPair boxKeys, Ed25519KeyPair signingKeys)
    {
        Id = id;
        Name = name;
        Role = role;
        BoxKeys = boxKeys;
        SigningKeys = signingKeys;
    }

    public string Id { get; }

    public string Name { get; }

    public ResponderRole Role { get; }

    public X25519KeyPair BoxKeys { get; }

    public Ed25519KeyPair SigningKeys { get; }

    /// <summary>The documentation key generations this responder holds, opened at login (protocol.md, "Documentation key").</summary>
    public Record.Keys.DocumentationKeyring Documentation { get; } = new();

    /// <summary>True once the keys are wiped: the session that held them has ended.</summary>
    public bool IsDisposed => _disposed;

    public void Dispose()
    {
        _disposed = true;
        BoxKeys.Dispose();
        SigningKeys.Dispose();
        Documentation.Dispose();
    }
}
