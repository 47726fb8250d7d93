using System.Collections.Concurrent;
using Haven.Crypto;

namespace Haven.Sessions;

/// <summary>
/// Server-memory sessions keyed by a random token in a session cookie. Unlocked keys live here and nowhere
/// else; a session idle for longer than the timeout is disposed (its keys wiped) and forgotten.
/// </summary>
/// <remarks>
/// Expiry does not wait for the next request: a timer made through the injected <see cref="TimeProvider"/>
/// sweeps every <see cref="SweepInterval"/>, so an idle session ends at most one interval after its timeout
/// (<see cref="SweepIntervalFor"/>; docs/operations.md states the bound). Disposing the store stops the timer and
/// ends every session.
/// </remarks>
internal sealed class MemorySessionStore<T> : IDisposable
    where T : class, IDisposable
{
    private static readonly TimeSpan MinimumSweepInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaximumSweepInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Entry> _sessions = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly ITimer _sweeper;

    public MemorySessionStore(TimeProvider clock, TimeSpan idleTimeout)
    {
        _clock = clock;
        IdleTimeout = idleTimeout;
        SweepInterval = SweepIntervalFor(idleTimeout);
        _sweeper = clock.CreateTimer(static store => ((MemorySessionStore<T>)store!).Sweep(), this, SweepInterval, SweepInterval);
    }

    public TimeSpan IdleTimeout { get; }

    /// <summary>How often idle sessions are swept: the longest an idle session outlives its timeout.</summary>
    public TimeSpan SweepInterval { get; }

    public int Count => _sessions.Count;

    /// <summary>A tenth of the idle timeout, at least one second and at most thirty.</summary>
    public static TimeSpan SweepIntervalFor(TimeSpan idleTimeout) =>
        TimeSpan.FromTicks(Math.Clamp(idleTimeout.Ticks / 10, MinimumSweepInterval.Ticks, MaximumSweepInterval.Ticks));

    /// <summary>Stores a value under a new random token.</summary>
    public string Create(T value)
    {
        Sweep();
        var token = Convert.ToBase64String(SodiumRandom.Bytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _sessions[token] = new Entry(value, _clock.GetUtcNow());
        return token;
    }

    /// <summary>Finds a live session and marks it used; an expired one is removed and wiped.</summary>
    public T? Get(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64 || !_sessions.TryGetValue(token, out var entry))
        {
            return null;
        }

        if (!entry.Touch(_clock.GetUtcNow(), IdleTimeout))
        {
            Remove(token);
            return null;
        }

        return entry.Value;
    }

    /// <summary>Ends a session and wipes what it held.</summary>
    public void Remove(string? token)
    {
        if (token is not null && _sessions.TryRemove(token, out var entry))
        {
            entry.End();
        }
    }

    /// <summary>Removes every idle session; the timer calls this, so do requests that create sessions.</summary>
    public void Sweep()
    {
        var now = _clock.GetUtcNow();
        foreach (var (token, entry) in _sessions)
        {
            if (entry.EndIfIdle(now, IdleTimeout))
            {
                _sessions.TryRemove(new KeyValuePair<string, Entry>(token, entry));
            }
        }
    }

    /// <summary>Stops the sweeping and ends every session (the host is stopping).</summary>
    public void Dispose()
    {
        _sweeper.Dispose();
        foreach (var token in _sessions.Keys)
        {
            Remove(token);
        }
    }

    /// <summary>
    /// A session's value and last use. Marking a use and ending for idleness are decided under one lock, so a
    /// request that found the session alive never gets keys the sweep wipes at the same moment.
    /// </summary>
    private sealed class Entry(T value, DateTimeOffset lastSeen)
    {
        private readonly Lock _lock = new();
        private DateTimeOffset _lastSeen = lastSeen;
        private bool _ended;

        public T Value { get; } = value;

        /// <summary>Marks a use now; false when the session has ended or is past its timeout.</summary>
        public bool Touch(DateTimeOffset now, TimeSpan idleTimeout)
        {
            lock (_lock)
            {
                if (_ended || now - _lastSeen > idleTimeout)
                {
                    return false;
                }

                _lastSeen = now;
                return true;
            }
        }

        /// <summary>Ends the session (wiping its value) if it is past its timeout; true when it did.</summary>
        public bool EndIfIdle(DateTimeOffset now, TimeSpan idleTimeout)
        {
            lock (_lock)
            {
                if (_ended || now - _lastSeen <= idleTimeout)
                {
                    return false;
                }

                EndLocked();
                return true;
            }
        }

        /// <summary>Ends the session and wipes its value, once.</summary>
        public void End()
        {
            lock (_lock)
            {
                EndLocked();
            }
        }

        private void EndLocked()
        {
            if (!_ended)
            {
                _ended = true;
                Value.Dispose();
            }
        }
    }
}
