namespace Haven.Files;

/// <summary>
/// The total storage quota: bytes of committed blobs (counted from the database at start and kept up to
/// date) plus bytes reserved by uploads in flight, so that concurrent uploads cannot overrun it together.
/// </summary>
internal sealed class StorageQuota(Microsoft.Extensions.Options.IOptions<AttachmentOptions> options)
{
    private readonly Lock _lock = new();
    private long _used = -1;
    private long _reserved;

    /// <summary>Bytes of committed blobs; -1 until counted from the database.</summary>
    public long Used
    {
        get
        {
            lock (_lock)
            {
                return _used;
            }
        }
    }

    /// <summary>Bytes reserved by uploads in flight.</summary>
    public long Reserved
    {
        get
        {
            lock (_lock)
            {
                return _reserved;
            }
        }
    }

    public bool IsKnown
    {
        get
        {
            lock (_lock)
            {
                return _used >= 0;
            }
        }
    }

    /// <summary>Sets the committed bytes (from the database).</summary>
    public void SetUsed(long bytes)
    {
        lock (_lock)
        {
            _used = bytes;
        }
    }

    public void AddUsed(long bytes)
    {
        lock (_lock)
        {
            if (_used < 0)
            {
                // Not counted yet: the first upload counts from the database.
                return;
            }

            _used = Math.Max(0, _used + bytes);
        }
    }

    public bool TryReserve(long bytes)
    {
        lock (_lock)
        {
            if (Math.Max(0, _used) + _reserved + bytes > options.Value.QuotaBytes)
            {
                return false;
            }

            _reserved += bytes;
            return true;
        }
    }

    public void Release(long bytes)
    {
        lock (_lock)
        {
            _reserved = Math.Max(0, _reserved - bytes);
        }
    }
}
