using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Haven.Sessions;

/// <summary>
/// Server-memory sessions keyed by a random token in a session cookie. Unlocked keys live here and nowhere
/// else; a session idle for longer than the timeout is disposed (its keys wiped) and forgotten.
/// </summary>
internal sealed class MemorySessionStore<T>(TimeProvider clock, TimeSpan idleTimeout)
    where T : class, IDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _sessions = new(StringComparer.Ordinal);

    public TimeSpan IdleTimeout => idleTimeout;

    public int Count => _sessions.Count;

    /// <summary>Stores a value under a new random token.</summary>
    public string Create(T value)
    {
        Sweep();
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _sessions[token] = new Entry(value, clock.GetUtcNow());
        return token;
    }

    /// <summary>Finds a live session and marks it used; an expired one is removed and wiped.</summary>
    public T? Get(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64 || !_sessions.TryGetValue(token, out var entry))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (now - entry.LastSeen > idleTimeout)
        {
            Remove(token);
            return null;
        }

        entry.LastSeen = now;
        return entry.Value;
    }

    /// <summary>Ends a session and wipes what it held.</summary>
    public void Remove(string? token)
    {
        if (token is not null && _sessions.TryRemove(token, out var entry))
        {
            entry.Value.Dispose();
        }
    }

    /// <summary>Removes every idle session.</summary>
    public void Sweep()
    {
        var now = clock.GetUtcNow();
        foreach (var (token, entry) in _sessions)
        {
            if (now - entry.LastSeen > idleTimeout)
            {
                Remove(token);
            }
        }
    }

    private sealed class Entry(T value, DateTimeOffset lastSeen)
    {
        public T Value { get; } = value;

        public DateTimeOffset LastSeen { get; set; } = lastSeen;
    }
}
