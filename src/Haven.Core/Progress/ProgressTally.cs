namespace Haven.Progress;

/// <summary>
/// Counts the items and bytes of one piece of work and reports each change to an <see cref="IProgress{T}"/> (which
/// may be null: then it only counts). Reporting is cheap; a display decides how often to show it.
/// </summary>
internal sealed class ProgressTally(IProgress<WorkProgress>? progress)
{
    private long _itemsDone;
    private long _bytesDone;
    private long _itemsTotal;
    private long _bytesTotal;

    /// <summary>Sets the totals (0 for not known) and reports.</summary>
    public void Start(long itemsTotal, long bytesTotal)
    {
        Interlocked.Exchange(ref _itemsTotal, itemsTotal);
        Interlocked.Exchange(ref _bytesTotal, bytesTotal);
        Report();
    }

    /// <summary>One or more items finished.</summary>
    public void Items(long count = 1)
    {
        Interlocked.Add(ref _itemsDone, count);
        Report();
    }

    /// <summary>Bytes read or written.</summary>
    public void Bytes(long count)
    {
        Interlocked.Add(ref _bytesDone, count);
        Report();
    }

    /// <summary>Sets the bytes done (for work that reads a stream whose position says how far it is).</summary>
    public void BytesAt(long done)
    {
        Interlocked.Exchange(ref _bytesDone, done);
        Report();
    }

    private void Report() => progress?.Report(new WorkProgress(Interlocked.Read(ref _itemsDone), Interlocked.Read(ref _itemsTotal), Interlocked.Read(ref _bytesDone), Interlocked.Read(ref _bytesTotal)));
}
