namespace Haven.Progress;

/// <summary>
/// How far a long piece of work has come (a backup, a restore, a decryption, a purge, an export): items and bytes
/// done, and in all when known (0 otherwise). Counts and sizes only, never a name or anything a person wrote: the
/// command line shows it as it is.
/// </summary>
/// <param name="ItemsDone">Items finished (files, cases, tables).</param>
/// <param name="ItemsTotal">Items in all; 0 when not known.</param>
/// <param name="BytesDone">Bytes read or written so far.</param>
/// <param name="BytesTotal">Bytes in all; 0 when not known.</param>
internal readonly record struct WorkProgress(long ItemsDone, long ItemsTotal, long BytesDone, long BytesTotal);
